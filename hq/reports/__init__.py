"""Chain reports for head office's operators: the daily rollups kept at ingest (:mod:`rollup`),
the queries over a period (:mod:`sales`, :mod:`operations`), and the CSV and PDF forms of a
report (:mod:`csvsafe`, :mod:`pdf`). The page is :mod:`hq.pages.reports`."""
