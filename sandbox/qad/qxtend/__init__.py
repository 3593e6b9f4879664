"""QXtend Inbound (QXI) on the QAD sandbox: `/tenants/<t>/qxi/services/QdocWebService`, on the same tenant state as
the REST routes, so one QAD instance answers both transports. README ("QXtend Inbound") lists what is confirmed
and what is assumed."""
