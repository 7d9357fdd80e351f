/// The inspector's stylesheet and its one script. The pages work without the script: it only
/// refreshes the list of deliveries every two seconds (live updates by polling, store.md §5).
enum InspectorAssets {
    static let stylesheet = """
        :root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --mark: #fff1a8; }
        * { box-sizing: border-box; }
        body { font: 1rem/1.5 system-ui, sans-serif; color: var(--fg); margin: 0; }
        header.site { display: flex; gap: 1rem; align-items: baseline; padding: .75rem 1.5rem; border-bottom: 1px solid var(--line); }
        header.site a { font-weight: 600; color: inherit; text-decoration: none; }
        .mode { color: var(--muted); font-size: .875rem; }
        main { padding: 1rem 1.5rem; max-width: 80rem; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.125rem; margin-top: 1.75rem; }
        a { color: #0550ae; }
        a:focus, button:focus, select:focus, input:focus { outline: 3px solid #0969da; outline-offset: 2px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
        thead th { overflow-wrap: normal; }
        /* A data table keeps its columns; at high zoom it scrolls sideways in its own region (WCAG 1.4.10). */
        .table-scroll { overflow-x: auto; }
        .filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin-bottom: .75rem; }
        .filters label { display: flex; flex-direction: column; font-size: .875rem; }
        .hint { color: var(--muted); }
        .badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; border: 1px solid currentColor; font-size: .875rem; white-space: nowrap; }
        .badge.error { color: var(--bad); } .badge.started, .badge.resumed, .badge.replaced { color: var(--ok); }
        .badge.aborted, .badge.ignored, .badge.no-match { color: var(--warn); }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        dl.facts dt { color: var(--muted); }
        pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
        pre.source { white-space: pre; }
        pre.source .line { display: block; }
        pre.source .number { display: inline-block; min-width: 3ch; margin-right: 1ch; color: var(--muted); text-align: right; user-select: none; }
        pre.source .has-mark { background: #fff8c5; }
        mark { background: var(--mark); outline: 2px solid var(--bad); outline-offset: 1px; }
        .diagnostic.error strong { color: var(--bad); } .diagnostic.warning strong { color: var(--warn); }
        fieldset { border: 1px solid var(--line); margin-bottom: .75rem; }
        fieldset label { display: block; }
        button { font: inherit; padding: .35rem 1rem; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
        """

    static let script = """
        // Live updates: the list's rows again every two seconds, from the same filters.
        (function () {
          var rows = document.getElementById('rows');
          if (!rows) return;
          setInterval(function () {
            fetch(rows.getAttribute('data-source'), { credentials: 'same-origin' })
              .then(function (r) { return r.ok ? r.text() : null; })
              .then(function (html) { if (html !== null && html !== rows.innerHTML) rows.innerHTML = html; })
              .catch(function () {});
          }, 2000);
        })();
        """
}
