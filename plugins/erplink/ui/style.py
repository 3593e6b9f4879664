"""The page's stylesheet: Airflow's UI look (its system font, blue accent, quiet borders and state colours), in
light and dark following the reader's system setting, as the Airflow UI does."""

STYLESHEET = """
:root { color-scheme: light dark; --bg: #ffffff; --panel: #f7f8fa; --text: #1a202c; --muted: #5f6b7a;
  --border: #e2e8f0; --accent: #017cee; --accent-text: #ffffff; --danger: #c53030; --warn-bg: #fffaf0;
  --done: #2f855a; --failed: #c53030; --quarantined: #dd6b20; --pending: #718096; --in_flight: #3182ce;
  --skipped: #d53f8c; --code: #edf2f7; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f1117; --panel: #181b23; --text: #e2e8f0; --muted: #a0aec0; --border: #2d3340;
    --accent: #3d9bff; --accent-text: #0f1117; --danger: #fc8181; --warn-bg: #2a2418; --done: #68d391;
    --failed: #fc8181; --quarantined: #f6ad55; --pending: #a0aec0; --in_flight: #63b3ed; --skipped: #f687b3;
    --code: #1e2330; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.5 Inter, system-ui, -apple-system,
  "Segoe UI", Roboto, sans-serif; }
header { display: flex; gap: 1.5rem; align-items: baseline; padding: .75rem 1.5rem;
  border-bottom: 1px solid var(--border); background: var(--panel); }
header .brand { font-weight: 700; font-size: 1.1rem; }
header nav a { margin-right: 1rem; }
header .who { margin-left: auto; color: var(--muted); }
main { padding: 1rem 1.5rem 3rem; max-width: 1400px; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
h1 { font-size: 1.35rem; margin: .5rem 0 1rem; } h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--border); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { display: inline-block; padding: 0 .5rem; border-radius: 999px; font-size: .8rem; font-weight: 600;
  border: 1px solid currentColor; }
.status-done { color: var(--done); } .status-failed { color: var(--failed); }
.status-quarantined { color: var(--quarantined); } .status-pending { color: var(--pending); }
.status-in_flight { color: var(--in_flight); } .status-skipped { color: var(--skipped); }
form.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; padding: .75rem;
  background: var(--panel); border: 1px solid var(--border); border-radius: 8px; }
label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); gap: .2rem; }
input, select { font: inherit; color: var(--text); background: var(--bg); border: 1px solid var(--border);
  border-radius: 6px; padding: .3rem .5rem; }
button { font: inherit; cursor: pointer; border-radius: 6px; padding: .35rem .9rem; border: 1px solid var(--accent);
  background: var(--accent); color: var(--accent-text); font-weight: 600; }
button.secondary { background: transparent; color: var(--accent); }
.actions { display: flex; gap: .75rem; align-items: center; margin: .5rem 0; }
.muted { color: var(--muted); } .reason { min-width: 24ch; max-width: 60ch; overflow-wrap: anywhere; }
.notice { padding: .6rem .9rem; border-radius: 8px; border: 1px solid var(--border); background: var(--panel);
  margin: .75rem 0; } .notice.warn { background: var(--warn-bg); border-color: var(--quarantined); }
.notice.error { border-color: var(--danger); color: var(--danger); }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.25rem; }
dl.fields dt { color: var(--muted); } dl.fields dd { margin: 0; overflow-wrap: anywhere; }
pre, code { background: var(--code); border-radius: 6px; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo,
  monospace; } pre { padding: .75rem; overflow: auto; max-height: 30rem; } code { padding: 0 .25rem; }
.diff-old { color: var(--failed); } .diff-new { color: var(--done); }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; } .card { border: 1px solid var(--border); border-radius: 8px;
  padding: .75rem 1rem; background: var(--panel); min-width: 14rem; }
.pager { display: flex; gap: 1rem; align-items: center; }
"""
