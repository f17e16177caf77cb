"""After-show reports from the as-run database: figures, CSV and self-contained HTML (docs/reports.md).

    report, look = studio.report.command.load(db_path, show_id)   # read-only; ReportError says why not
    text = studio.report.command.render(report, look, "html")     # or "csv"; exhibitor=ID for one page
"""
