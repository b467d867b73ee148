namespace Conformance.Reports;

/// <summary>The report's only stylesheet, inlined: report.html makes no external request of any kind.</summary>
internal static class HtmlStyles
{
    // Verdict classes match the results.json spellings, so the colour and the word always agree;
    // print-color-adjust keeps the badges legible on paper.
    public const string Css =
        "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;max-width:75em;margin:1em auto;padding:0 1em}" +
        "h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;border-bottom:1px solid #d0d7de;margin:1.4em 0 .5em}" +
        "h3{font-size:1.05em;margin:.3em 0}h4{font-size:.95em;margin:.6em 0 .2em}h5{font-size:.9em;margin:.2em 0}.nl{white-space:pre-line}" +
        "table{border-collapse:collapse;width:100%;margin:.3em 0;table-layout:fixed}th,td{border:1px solid #d0d7de;padding:.15em .4em;text-align:left;vertical-align:top}" +
        "th{background:#f6f8fa}td{overflow-wrap:anywhere}" +
        "dl{display:grid;grid-template-columns:max-content 1fr;gap:0 1em;margin:.2em 0}dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}" +
        "pre,code{font:12px/1.35 ui-monospace,Consolas,monospace}pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;border:1px solid #d0d7de;padding:.3em;margin:.2em 0;max-height:20em;overflow:auto}" +
        ".v{display:inline-block;padding:0 .4em;border-radius:.25em;color:#fff;font-weight:600;margin:0 .2em .15em 0;text-decoration:none}" +
        ".pass{background:#1a7f37}.fail{background:#cf222e}.not-applicable{background:#6e7781}.error{background:#9a6700}" +
        ".result{font-size:1.25em;font-weight:700;padding:.3em .6em;border-left:6px solid;border-radius:.3em;margin:.5em 0}" +
        ".r0{color:#1a7f37;background:#dafbe1}.r1{color:#cf222e;background:#ffebe9}.r2,.r3,.r130,.r143{color:#9a6700;background:#fff8c5}" +
        "table.matrix th,table.matrix td{padding:.25em .4em;vertical-align:middle}table.chain{font-size:.92em}" +
        ".infra{border:2px solid #9a6700;padding:.3em .6em}.no{color:#cf222e;font-weight:600}.yes{color:#1a7f37;font-weight:600}" +
        "section{border:1px solid #d0d7de;border-left-width:6px;border-radius:.3em;padding:.2em .8em .5em;margin:.8em 0;break-inside:avoid}" +
        "section.s-pass{border-left-color:#1a7f37}section.s-fail{border-left-color:#cf222e}section.s-not-applicable{border-left-color:#6e7781}section.s-error{border-left-color:#9a6700}" +
        ".ev{border-top:1px dashed #d0d7de;padding-top:.2em;margin-top:.4em}.muted{color:#57606a}" +
        ".tl{display:grid;grid-template-columns:11em 6em 7em 1fr;gap:0 .6em;align-items:baseline;border-top:none;border-left:3px solid #0969da;padding:.1em .5em;margin-top:.2em;background:#f6f8fa}" +
        ".tl-at{font:12px ui-monospace,Consolas,monospace}.tl-act{color:#0969da}" +
        ".log-ok pre.log{border-left:4px solid #1a7f37}.log-missing pre.log{border-left:4px solid #cf222e;background:#fff5f5}.miss{color:#cf222e;font-style:italic}" +
        "figure.chart-box{margin:.4em 0}svg.chart{display:block;width:100%;height:auto;font:12px system-ui,sans-serif;background:#fff;border:1px solid #d0d7de}" +
        ".c-bars{shape-rendering:crispEdges}.c-ok{fill:#1a7f37}.c-fail{fill:#cf222e}.c-axis line{stroke:#57606a}.c-axis text{fill:#57606a}.c-title{font-weight:600;fill:#1f2328}" +
        ".c-marker line{stroke:#0969da;stroke-width:1.5;stroke-dasharray:4 3}.c-marker text{fill:#0969da}" +
        ".filters{display:flex;flex-wrap:wrap;gap:.3em;align-items:center;margin:.3em 0 .6em}" +
        ".filters button{font:inherit;padding:.1em .6em;border:1px solid #d0d7de;border-radius:.3em;background:#f6f8fa;cursor:pointer}" +
        ".filters button[aria-pressed=true]{background:#0969da;border-color:#0969da;color:#fff}.filters label,.filters .muted{margin-left:.6em}" +
        ".off{display:none}#scenario-list.ff{display:flex;flex-direction:column}.ff>section{margin:.4em 0}.ff>section.s-fail{order:-2}.ff>section.s-error{order:-1}" +
        "@media print{.filters{display:none}body{max-width:none;margin:0;font-size:11px}a{color:inherit;text-decoration:none}pre{max-height:none}" +
        "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";
}
