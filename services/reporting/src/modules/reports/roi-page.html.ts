/**
 * The built-in ROI page (plain HTML + JS, no build step): funnel, trend chart (inline SVG),
 * per-location ROI table, date range and location filters, for API users who hold a bearer token: it
 * calls the ROI API with the token pasted into the token box (kept in this tab's sessionStorage); the
 * tenant is the token's `tenantId` claim. A token is never read from the URL (issue #17): staff see the
 * same figures on the console's ROI screen (`/reports/roi` there), behind the console's sign-in.
 */
export const ROI_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Textback ROI</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f5f6f8;color:#1d2433}
header{background:#1d2433;color:#fff;padding:12px 24px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header h1{font-size:18px;margin:0 16px 0 0}
header label{font-size:13px;display:flex;gap:6px;align-items:center}
main{padding:16px 24px;display:grid;grid-template-columns:1fr 1fr;gap:16px}
section{background:#fff;border-radius:8px;padding:16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
section.wide{grid-column:1 / span 2}
h2{font-size:15px;margin:0 0 12px}
.bar{display:flex;align-items:center;gap:8px;margin:4px 0;font-size:13px}
.bar .label{width:170px}
.bar .fill{background:#3b82f6;height:18px;border-radius:3px;min-width:2px}
.bar .value{font-variant-numeric:tabular-nums}
.kpis{display:flex;gap:12px;flex-wrap:wrap}
.kpi{flex:1;min-width:120px;background:#eef2ff;border-radius:6px;padding:10px}
.kpi b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:6px 8px;border-bottom:1px solid #e5e7eb;text-align:right}
th:first-child,td:first-child{text-align:left}
#error{color:#b91c1c;padding:0 24px}
</style></head>
<body>
<header><h1>Textback ROI</h1>
<label>From <input type="date" id="from"></label>
<label>To <input type="date" id="to"></label>
<label>Location <select id="location"><option value="">All locations</option></select></label>
<button id="apply">Apply</button>
<label>Token <input id="token" type="password" size="12" placeholder="paste JWT"></label>
</header>
<div id="error" role="alert"></div>
<main>
<section><h2>Funnel</h2><div id="funnel"></div></section>
<section><h2>Return on investment</h2><div id="kpis" class="kpis"></div></section>
<section class="wide"><h2>Trend (per local day)</h2><div id="trend"></div></section>
<section class="wide"><h2>Per location</h2><table id="locations"><thead><tr><th>Location</th><th>Missed calls</th><th>First texts</th><th>Replies</th><th>Qualified</th><th>Booked</th><th>Won</th><th>Revenue</th><th>Cost</th><th>ROI</th></tr></thead><tbody></tbody></table></section>
</main>
<script>
(function () {
  var params = new URLSearchParams(location.search);
  var token = sessionStorage.getItem('textbackToken') || '';
  var $ = function (id) { return document.getElementById(id); };
  var money = function (c) { return '$' + (Number(c || 0) / 100).toLocaleString('en-US', { maximumFractionDigits: 0 }); };
  // ROI is null without cost (a range before the location existed): a dash, as on the console's ROI screen.
  var ratio = function (r) { return r === null || r === undefined ? '–' : Number(r).toFixed(1) + '×'; };
  var fmt = function (n) { return Number(n || 0).toLocaleString('en-US'); };
  var esc = function (s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); };
  function tenantOf(t) {
    try { return JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).tenantId; } catch (e) { return null; }
  }
  function day(d) { return d.toISOString().slice(0, 10); }
  var today = new Date();
  $('to').value = params.get('to') || day(today);
  $('from').value = params.get('from') || day(new Date(today.getTime() - 29 * 86400000));
  $('token').value = token;
  function api(path) {
    return fetch('/v1/tenants/' + encodeURIComponent(tenantOf(token)) + path, { headers: { authorization: 'Bearer ' + token } }).then(function (r) {
      if (!r.ok) throw new Error(r.status + ' ' + r.statusText + ' on ' + path);
      return r.json();
    });
  }
  function query() {
    var q = '?from=' + $('from').value + '&to=' + $('to').value;
    if ($('location').value) q += '&locationIds=' + encodeURIComponent($('location').value);
    return q;
  }
  function renderFunnel(m) {
    var steps = [['Calls', m.calls], ['Missed calls', m.missed_calls], ['First texts sent', m.first_texts_sent], ['Replied', m.replied_conversations],
      ['Qualified leads', m.qualified_leads], ['Bookings', m.bookings], ['Won jobs', m.won_jobs]];
    var max = Math.max.apply(null, steps.map(function (s) { return s[1] || 0; }).concat([1]));
    $('funnel').innerHTML = steps.map(function (s) {
      return '<div class="bar" data-step="' + esc(s[0]) + '"><span class="label">' + esc(s[0]) + '</span><span class="fill" style="width:' + Math.round(260 * (s[1] || 0) / max) + 'px"></span><span class="value">' + fmt(s[1]) + '</span></div>';
    }).join('');
  }
  function renderKpis(m) {
    var k = [['Recovered revenue', money(m.recovered_revenue_cents)], ['Cost', money(m.total_cost_cents)], ['ROI', ratio(m.roi)],
      ['Time to first text p50', m.ttft_p50_seconds == null ? '–' : Math.round(m.ttft_p50_seconds) + ' s'], ['Urgent leads', fmt(m.urgent_leads)], ['Opt-outs', fmt(m.opt_outs)]];
    $('kpis').innerHTML = k.map(function (x) { return '<div class="kpi">' + esc(x[0]) + '<b data-kpi="' + esc(x[0]) + '">' + esc(x[1]) + '</b></div>'; }).join('');
  }
  function renderTrend(points) {
    var w = 900, h = 220, pad = 30;
    if (points.length === 0) { $('trend').innerHTML = '<p>No data in this range.</p>'; return; }
    var series = [['missed_calls', '#ef4444', 'Missed calls'], ['first_texts_sent', '#3b82f6', 'First texts'], ['bookings', '#10b981', 'Bookings']];
    var max = 1;
    points.forEach(function (p) { series.forEach(function (s) { max = Math.max(max, p[s[0]] || 0); }); });
    var x = function (i) { return pad + (points.length === 1 ? (w - 2 * pad) / 2 : i * (w - 2 * pad) / (points.length - 1)); };
    var y = function (v) { return h - pad - (v || 0) * (h - 2 * pad) / max; };
    var svg = '<svg id="trend-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + w + ' ' + h + '" width="100%" height="' + h + '">';
    svg += '<line x1="' + pad + '" y1="' + (h - pad) + '" x2="' + (w - pad) + '" y2="' + (h - pad) + '" stroke="#9ca3af"/>';
    series.forEach(function (s, si) {
      svg += '<polyline fill="none" stroke="' + s[1] + '" stroke-width="2" data-series="' + s[0] + '" points="' + points.map(function (p, i) { return x(i) + ',' + y(p[s[0]]); }).join(' ') + '"/>';
      svg += '<text x="' + (pad + si * 130) + '" y="14" font-size="12" fill="' + s[1] + '">■ ' + s[2] + '</text>';
    });
    svg += '<text x="' + pad + '" y="' + (h - 8) + '" font-size="11">' + esc(points[0].bucket) + '</text>';
    svg += '<text x="' + (w - pad) + '" y="' + (h - 8) + '" font-size="11" text-anchor="end">' + esc(points[points.length - 1].bucket) + '</text>';
    svg += '<text x="4" y="' + (pad + 4) + '" font-size="11">' + max + '</text></svg>';
    $('trend').innerHTML = svg;
  }
  function renderTable(rows) {
    $('locations').querySelector('tbody').innerHTML = rows.map(function (r) {
      return '<tr data-location="' + esc(r.locationId) + '"><td>' + esc(r.name) + '</td><td>' + fmt(r.missed_calls) + '</td><td>' + fmt(r.first_texts_sent) + '</td><td>' + fmt(r.replied_conversations) +
        '</td><td>' + fmt(r.qualified_leads) + '</td><td>' + fmt(r.bookings) + '</td><td>' + fmt(r.won_jobs) + '</td><td>' + money(r.recovered_revenue_cents) + '</td><td>' + money(r.total_cost_cents) + '</td><td>' + ratio(r.roi) + '</td></tr>';
    }).join('');
  }
  // Only the latest load renders: an earlier one that answers late must not overwrite a newer filter's figures.
  var loadSeq = 0;
  function load() {
    var mine = ++loadSeq;
    $('error').textContent = '';
    document.body.removeAttribute('data-ready');
    var q = query();
    return Promise.all([api('/reports/funnel' + q), api('/reports/trend' + q + '&grain=day'), api('/reports/roi' + q)]).then(function (res) {
      if (mine !== loadSeq) return;
      renderFunnel(res[0].measures); renderKpis(res[0].measures); renderTrend(res[1].points); renderTable(res[2].locations);
      document.body.setAttribute('data-ready', '1');
    }).catch(function (e) { if (mine !== loadSeq) return; $('error').textContent = String(e.message || e); document.body.setAttribute('data-ready', 'error'); });
  }
  function start() {
    if (!token) { $('error').textContent = 'Paste an API token (JWT) to load the report, or open the ROI screen of the staff console.'; return; }
    sessionStorage.setItem('textbackToken', token);
    api('/locations').then(function (r) {
      var selected = $('location').value;
      $('location').innerHTML = '<option value="">All locations</option>' + r.locations.map(function (l) { return '<option value="' + esc(l.locationId) + '">' + esc(l.name) + '</option>'; }).join('');
      // Keep a choice made while the list was loading (the list is rebuilt when the token changes).
      if (r.locations.some(function (l) { return l.locationId === selected; })) $('location').value = selected;
      return load();
    }).catch(function (e) { $('error').textContent = String(e.message || e); document.body.setAttribute('data-ready', 'error'); });
  }
  $('apply').addEventListener('click', function () { token = $('token').value.trim(); load(); });
  $('token').addEventListener('change', function () { token = $('token').value.trim(); start(); });
  start();
})();
</script>
</body></html>
`;
