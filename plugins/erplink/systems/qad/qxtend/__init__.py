"""QXtend Inbound (QXI): QAD's SOAP 1.1 service for QDocs, the transport of QAD EE on premise.

``envelope`` builds a request (WS-Addressing header, session context, the QDoc's data set), ``response`` reads an
answer safely, ``faults`` turns SOAP faults and ``error`` results into erplink's HTTP errors, ``transport`` sends
a QDoc through the shared REST client, ``queries`` speaks the Query Service, ``qdocs`` maps erplink's QAD
documents to QDoc elements and query rows back. What QAD-FACTS.md §2 does not confirm is listed in the README.
"""
