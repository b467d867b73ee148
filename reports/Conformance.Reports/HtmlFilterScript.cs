using System.Security.Cryptography;
using System.Text;

namespace Conformance.Reports;

/// <summary>
/// The report's only script: filter buttons (All / Failures and errors / one per suite) and a "failures first"
/// toggle, added at load time; <c>?filter=failures|all|suite:NAME</c> and <c>&amp;first=1</c> in the address pick the
/// initial view. It only toggles CSS classes on sections that are all in the static HTML, so with
/// JavaScript off the page is the full report without buttons. The CSP admits exactly this text by its SHA-256.
/// </summary>
public static class HtmlFilterScript
{
    /// <summary>The script element's exact text (LF line ends, no markup-significant sequences; never built from run data).</summary>
    public const string Text =
        """
        (function () {
          var list = document.getElementById('scenario-list');
          if (!list) { return; }
          var sections = Array.prototype.slice.call(list.querySelectorAll('section'));
          var bar = document.createElement('div'), count = document.createElement('span'), suites = [];
          bar.className = 'filters';
          count.className = 'muted';
          sections.forEach(function (s) { var g = s.getAttribute('data-suite'); if (suites.indexOf(g) < 0) { suites.push(g); } });
          function show(keep, button) {
            var shown = 0;
            sections.forEach(function (s) { var k = keep(s); s.classList.toggle('off', !k); shown += k ? 1 : 0; });
            bar.querySelectorAll('button').forEach(function (b) { b.setAttribute('aria-pressed', String(b === button)); });
            count.textContent = shown + ' of ' + sections.length + ' scenarios shown';
          }
          function add(label, key, keep) {
            var b = document.createElement('button');
            b.type = 'button';
            b.textContent = label;
            b.setAttribute('data-filter', key);
            b.addEventListener('click', function () { show(keep, b); });
            bar.appendChild(b);
            return b;
          }
          var all = add('All', 'all', function () { return true; });
          add('Failures and errors', 'failures', function (s) { return s.classList.contains('s-fail') || s.classList.contains('s-error'); });
          suites.forEach(function (g) { add(g, 'suite:' + g, function (s) { return s.getAttribute('data-suite') === g; }); });
          var label = document.createElement('label'), box = document.createElement('input');
          box.type = 'checkbox';
          box.addEventListener('change', function () { list.classList.toggle('ff', box.checked); });
          label.appendChild(box);
          label.appendChild(document.createTextNode(' failures first'));
          bar.appendChild(label);
          bar.appendChild(count);
          list.parentNode.insertBefore(bar, list);
          var want = decodeURIComponent((/[?&]filter=([^&#]*)/.exec(location.search) || [])[1] || 'all');
          box.checked = /[?&]first=1/.test(location.search);
          list.classList.toggle('ff', box.checked);
          (Array.prototype.filter.call(bar.querySelectorAll('button'), function (b) { return b.getAttribute('data-filter') === want; })[0] || all).click();
        })();
        """;

    /// <summary>The CSP source admitting <paramref name="script"/>: <c>'sha256-…'</c> of its UTF-8 bytes, base64.</summary>
    public static string CspSource(string script) =>
        "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script))) + "'";
}
