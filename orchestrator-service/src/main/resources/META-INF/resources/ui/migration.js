// The migration page: follows GET /migrations/{id}/live (server-sent events) and offers the
// operator's actions, each a call of the operator API.
'use strict';
const id = param('id');
const base = '/migrations/' + encodeURIComponent(id);
const samples = {}; // per table: {t, applied, rate}
let current = null;

document.title = 'Tributary — ' + id;
fill(document.getElementById('title'), id);
document.querySelectorAll('.mid').forEach((el) => fill(el, id));
document.getElementById('rejects-link').href = '/ui/rejects.html?id=' + encodeURIComponent(id);
document.getElementById('validation-link').href = '/ui/validation.html?id=' + encodeURIComponent(id);

/** Rows loaded, rows in all, percent and rate of one table, from this and earlier samples. */
function progress(t) {
  const applied = t.appliedRecords;
  const now = Date.now();
  const key = t.source + '/' + t.sourceTable;
  const before = samples[key];
  let rate = before ? before.rate : null;
  if (before && applied !== null && applied !== undefined && now > before.t) {
    const instant = Math.max(0, (applied - before.applied) / ((now - before.t) / 1000));
    rate = rate === null ? instant : 0.6 * rate + 0.4 * instant;
  }
  if (applied !== null && applied !== undefined) samples[key] = { t: now, applied, rate };
  const total = t.sourceRows !== null && t.sourceRows !== undefined ? t.sourceRows : t.snapshotDone ? t.snapshotRows : null;
  let loaded = t.targetRows;
  if (!t.snapshotDone && applied !== null && applied !== undefined) loaded = Math.max(loaded || 0, applied);
  const pct = t.snapshotDone ? 100 : total ? Math.min(99.9, (100 * (loaded || 0)) / Math.max(total, 1)) : null;
  const eta = !t.snapshotDone && total && rate > 0 ? Math.max(0, (total - (loaded || 0)) / rate) : null;
  return { loaded, total, pct, rate, eta };
}

function bar(p, done) {
  const cls = 'bar' + (done ? ' done' : '') + (p.pct === null ? ' unknown' : '');
  return h('div', { title: p.pct === null ? 'total not known yet' : p.pct.toFixed(1) + ' %' },
    h('div', { class: cls }, h('span', { style: 'width:' + (p.pct === null ? 30 : p.pct) + '%' })),
    h('small', { class: 'muted' }, (p.pct === null ? num(p.loaded) + ' rows' : p.pct.toFixed(p.pct < 100 ? 1 : 0) + ' %') + (done ? ' · snapshot done' : ' · loading')));
}

function render(view) {
  current = view;
  const m = view.migration;
  fill(document.getElementById('state'), badge(m.state));
  fill(document.getElementById('reason'), m.stateReason || '');
  fill(document.getElementById('live'), 'live · ' + new Date().toLocaleTimeString() + (view.operator && view.operator !== 'anonymous' ? ' · ' + view.operator : ''));
  const capturing = ['SNAPSHOTTING', 'REPLICATING', 'ROLLED_BACK', 'FELL_BACK'].includes(m.state);
  document.getElementById('pause').disabled = !capturing;
  document.getElementById('resume').disabled = !capturing;
  document.getElementById('cutover').disabled = !['REPLICATING', 'ROLLED_BACK', 'FELL_BACK'].includes(m.state);
  document.getElementById('rollback').disabled = m.state !== 'CUTTING_OVER';
  document.getElementById('fallback').disabled = m.state !== 'CUT_OVER';
  document.getElementById('finish').disabled = m.state !== 'CUT_OVER';
  document.getElementById('abandon').disabled = ['CUTTING_OVER', 'CUT_OVER', 'FALLING_BACK', 'FINISHED', 'ABANDONED'].includes(m.state);
  document.getElementById('validate').disabled = !['PROVISIONED', 'SNAPSHOTTING', 'REPLICATING', 'CUTTING_OVER', 'ROLLED_BACK', 'FELL_BACK'].includes(m.state);
  fallbackWindow(m.state);

  fill(document.querySelector('#tables tbody'), (m.tables || []).map((t) => {
    const p = progress(t);
    const v = t.validation;
    return h('tr', { 'data-table': t.sourceTable },
      h('td', {}, t.source + ' · ' + t.sourceTable, t.problem ? h('div', { class: 'error' }, t.problem) : null),
      h('td', {}, t.targetSchema + '.' + t.targetTable, h('div', { class: 'muted' }, t.load || '')),
      h('td', { class: 'progress' }, bar(p, t.snapshotDone)),
      h('td', { class: 'num' }, num(t.sourceRows) + ' / ' + num(t.targetRows)),
      h('td', { class: 'num' }, p.rate === null ? '–' : num(Math.round(p.rate))),
      h('td', { class: 'num' }, t.snapshotDone ? '–' : duration(p.eta)),
      h('td', { class: 'num' }, num(t.applyLag)),
      h('td', { class: 'num' }, t.rejectedRows ? h('a', { href: '/ui/rejects.html?id=' + encodeURIComponent(id) + '&table=' + encodeURIComponent(t.sourceTable) }, num(t.rejectedRows)) : '0'),
      h('td', {}, v ? h('a', { href: '/ui/validation.html?id=' + encodeURIComponent(id) + '&table=' + encodeURIComponent(t.sourceTable), title: v.detail || '' }, badge(v.status)) : badge(null),
        v ? h('div', { class: 'muted' }, (v.mode || '') + ' · ' + when(v.at)) : null),
      h('td', {}, h('button', { class: 'resync', disabled: !capturing || !t.snapshotDone, onclick: () => resync(t) }, 'Resync')));
  }));

  fill(document.querySelector('#sources tbody'), (m.sources || []).map((s) => h('tr', {},
    h('td', {}, s.name), h('td', {}, s.kind), h('td', {}, s.targetSchema),
    h('td', {}, s.captureError ? h('span', { class: 'error' }, 'failing (' + s.captureFailures + '×, last ' + when(s.captureErrorAt) + '): ' + s.captureError) : h('span', { class: 'ok' }, 'working')),
    h('td', { class: 'num' }, s.slotRetainedBytes === null || s.slotRetainedBytes === undefined ? '–' : num(s.slotRetainedBytes) + ' B'))));

  const c = view.cutover;
  const panel = document.getElementById('cutover-panel');
  if (c) {
    fill(panel,
      h('p', {}, 'Cutover ', h('b', {}, '#' + c.id), ' by ', c.requestedBy || '–', ' at ', when(c.requestedAt), ': ',
        badge(c.outcome || 'under way'), c.step && !c.outcome ? ' — step ' + c.step : '',
        c.writePauseMs !== null && c.writePauseMs !== undefined ? h('span', { id: 'write-pause' }, ' · write pause ' + c.writePauseMs + ' ms') : null),
      c.detail ? h('p', { class: 'muted' }, c.detail) : null,
      h('ol', { class: 'steps', id: 'cutover-steps' }, (c.steps || []).map((s) => h('li', { class: !c.outcome && s.step === c.step ? 'current' : '' },
        h('b', {}, s.step), ' · ', when(s.at), s.durationMs !== null && s.durationMs !== undefined ? ' · ' + s.durationMs + ' ms' : ' · running', s.detail ? h('div', { class: 'muted' }, s.detail) : null))));
  }

  loadHistory();

  fill(document.getElementById('timeline'), (view.events || []).map((e) => h('li', {},
    h('span', { class: 'muted' }, when(e.at)), ' ', e.from && e.from !== e.to ? [badge(e.from), ' → '] : null, badge(e.to), ' ',
    e.step ? h('b', {}, e.step + ' ') : null, e.durationMs !== null && e.durationMs !== undefined ? '(' + e.durationMs + ' ms) ' : '',
    e.reason || '', h('span', { class: 'muted' }, ' — ' + e.actor))));
}

// the fallback window after a cutover: read at most every 5 s while it matters
let windowReadAt = 0;
async function fallbackWindow(state) {
  const panel = document.getElementById('fallback-panel');
  if (!['CUT_OVER', 'FALLING_BACK', 'FELL_BACK', 'FINISHED'].includes(state)) { panel.hidden = true; return; }
  if (Date.now() - windowReadAt < 5000) return;
  windowReadAt = Date.now();
  const answer = await api('GET', base + '/fallback');
  if (answer.status !== 200) return;
  const w = answer.body.window;
  const f = answer.body.latestFallback;
  panel.hidden = false;
  fill(panel,
    h('h2', {}, 'Fallback window'),
    !w ? h('p', { class: 'muted' }, 'No window: the plan says cutover.fallback: false.')
      : h('p', { id: 'fallback-window' },
        w.closedAt ? ['closed ', when(w.closedAt), ' (', w.closedReason || '', ')'] : ['open until ', when(w.endsAt), ': the target\'s changes go back to the sources'],
        h('br'), 'written back: ', num(w.appliedChanges), ' changes, ', num(w.changedRows), ' rows · reverse lag ',
        w.lagBytes === null || w.lagBytes === undefined ? '–' : num(w.lagBytes) + ' B', ' · reverse rejects ', num(w.rejects),
        h('br'), 'validation in reverse: ', w.verifiedAt ? ['every table verified up to ', when(w.verifiedAt)] : 'no round yet',
        ' · ', num(w.unverifiedRows), ' rows written back since',

        w.error ? h('div', { class: 'error' }, 'write-back failing since ' + when(w.errorAt) + ': ' + w.error) : null),
    postSwitch(answer.body.postSwitch),
    f ? h('p', {}, 'Fallback ', h('b', {}, '#' + f.id), ' at ', when(f.requestedAt), ': ', badge(f.outcome || 'under way'),
      f.writePauseMs !== null && f.writePauseMs !== undefined ? ' · write pause ' + f.writePauseMs + ' ms' : '',
      f.detail ? h('div', { class: 'muted' }, f.detail) : null) : null);
}

// the post-switch verification: the frozen sources compared with the target after the switch
function postSwitch(p) {
  if (!p) return null;
  const how = !p.status ? ['running: ', num(p.tablesDone), ' of ', num(p.tablesTotal), ' tables compared']
    : p.status === 'MATCH' ? ['the frozen sources and the target are equal (', when(p.doneAt), ')']
      : [num(p.differingRows), ' rows differ', p.tables && p.tables.length ? ' (' + p.tables.join(', ') + ')' : ''];
  return h('p', { id: 'post-switch' }, 'Post-switch verification ', h('b', {}, '#' + p.requestId), ': ',
    badge(p.status || 'running'), ' ', how,
    p.error ? h('div', { class: 'muted' }, p.error) : null,
    p.recommendation ? h('div', { class: 'error', id: 'fallback-recommended' }, 'Fallback recommended: ' + p.recommendation) : null);
}

// the migration over time (GET .../history, read at most every 10 s), for the table chosen or all
let historyReadAt = 0;
let history = [];
const chartTable = document.getElementById('chart-table');
chartTable.onchange = () => drawCharts();
async function loadHistory() {
  if (Date.now() - historyReadAt < 10000) return;
  historyReadAt = Date.now();
  const answer = await api('GET', base + '/history');
  if (answer.status !== 200) return;
  history = answer.body || [];
  drawCharts();
}

/** The points [ms, value] of one table's field over the samples (absent values left out). */
function tablePoints(name, field) {
  return history.map((x) => {
    const t = x.tables.find((u) => u.table === name);
    return t && t[field] !== null && t[field] !== undefined ? [Date.parse(x.at), t[field]] : null;
  }).filter((p) => p);
}

/** Rows loaded per second between consecutive samples of one table (its rows in the target). */
function ratePoints(name) {
  const applied = tablePoints(name, 'targetRows');
  const out = [];
  for (let i = 1; i < applied.length; i++) {
    const seconds = (applied[i][0] - applied[i - 1][0]) / 1000;
    if (seconds > 0) out.push([applied[i][0], Math.max(0, (applied[i][1] - applied[i - 1][1]) / seconds)]);
  }
  return out;
}

/** One table's validation status as spans [from, to, status] between samples. */
function validationSpans(name) {
  const spans = [];
  history.forEach((x, i) => {
    const t = x.tables.find((u) => u.table === name);
    if (!t) return;
    const from = Date.parse(x.at);
    const to = i + 1 < history.length ? Date.parse(history[i + 1].at) : from + 1000;
    const last = spans[spans.length - 1];
    if (last && last[2] === (t.validation || null) && last[1] === from) last[1] = to;
    else spans.push([from, to, t.validation || null]);
  });
  return spans;
}

function drawCharts() {
  const names = [...new Set(history.flatMap((x) => x.tables.map((t) => t.table)))];
  const chosen = names.includes(chartTable.value) ? chartTable.value : '';
  fill(chartTable, h('option', { value: '' }, 'every table'), names.map((n) => h('option', { value: n, selected: n === chosen }, n)));
  const shown = chosen ? [chosen] : names;
  const lines = (points) => shown.map((n) => ({ name: n, points: points(n) }));
  const slots = [...new Set(history.flatMap((x) => x.sources.filter((o) => o.slotRetainedBytes !== null && o.slotRetainedBytes !== undefined).map((o) => o.source)))];
  fill(document.getElementById('charts'),
    lineChart('chart-rate', 'Rows loaded per second', lines(ratePoints), 'rows/s'),
    lineChart('chart-lag', 'Apply lag (changes in Kafka not applied)', lines((n) => tablePoints(n, 'lag')), ''),
    lineChart('chart-rejects', 'Rejected rows', lines((n) => tablePoints(n, 'rejected')), ''),
    slots.length ? lineChart('chart-wal', 'WAL held by the replication slot', slots.map((src) => ({
      name: src,
      points: history.map((x) => {
        const o = x.sources.find((u) => u.source === src);
        return o && o.slotRetainedBytes !== null && o.slotRetainedBytes !== undefined ? [Date.parse(x.at), o.slotRetainedBytes] : null;
      }).filter((p) => p),
    })), 'B') : null,
    stateTimeline('chart-validation', 'Validation', shown.map((n) => ({ name: n, spans: validationSpans(n) }))),
    current && current.cutover ? stepTimeline('chart-cutover', 'Cutover #' + current.cutover.id + ' step by step', current.cutover) : null);
}

function follow() {
  const source = new EventSource(base + '/live');
  source.onmessage = (e) => render(JSON.parse(e.data));
  source.onerror = () => {
    fill(document.getElementById('live'), 'reconnecting…');
    api('GET', base).then((a) => { if (a.status === 404) { source.close(); say(document.getElementById('message'), 'error', errorOf(a)); } });
  };
}

async function command(method, path, body, okText) {
  const box = document.getElementById('message');
  const answer = await api(method, path, body);
  if (answer.status >= 200 && answer.status < 300) say(box, 'ok', okText(answer.body));
  else say(box, 'error', errorOf(answer));
  return answer;
}

document.getElementById('validate').onclick = () =>
  command('POST', base + '/validate', undefined, (b) => 'Deep validation requested (request ' + b.requestId + '); results show per table when done.');
document.getElementById('pause').onclick = () => command('POST', base + '/pause', { reason: 'from the web UI' }, (b) => b.message);
document.getElementById('resume').onclick = () => command('POST', base + '/resume', { reason: 'from the web UI' }, (b) => b.message);
document.getElementById('rollback').onclick = () => {
  if (confirm('Roll back the cutover under way? The sources become writable again.')) {
    command('POST', base + '/rollback', { reason: 'from the web UI' }, (b) => b.message);
  }
};

function resync(t) {
  if (!confirm('Read ' + t.sourceTable + ' again from its first row? Its target table is emptied and refilled; the other tables stream on.')) return;
  command('POST', base + '/tables/' + encodeURIComponent(t.sourceTable) + '/resync?source=' + encodeURIComponent(t.source), undefined,
    (b) => 'Resync of ' + b.table + ' requested at ' + when(b.requestedAt) + ': it shows loading again.');
}

// cutover: the rehearsal first, then a typed confirmation
const cutoverDialog = document.getElementById('cutover-dialog');
let ready = false;
function cutoverQuery() {
  const q = new URLSearchParams();
  if (document.getElementById('accept-rejects').checked) q.set('acceptRejects', 'true');
  if (document.getElementById('full').checked) q.set('full', 'true');
  return q;
}
function updateStart() {
  document.getElementById('start-cutover').disabled = !(ready && document.getElementById('cutover-confirm').value === id);
}
document.getElementById('cutover').onclick = () => { ready = false; updateStart(); fill(document.getElementById('check-result')); fill(document.getElementById('cutover-message')); cutoverDialog.showModal(); };
document.getElementById('close-cutover').onclick = () => cutoverDialog.close();
document.getElementById('cutover-confirm').oninput = updateStart;
document.getElementById('accept-rejects').onchange = () => { ready = false; updateStart(); };
document.getElementById('run-check').onclick = async () => {
  const out = document.getElementById('check-result');
  fill(out, h('span', { class: 'muted' }, 'rehearsing…'));
  const q = cutoverQuery(); q.set('check', 'true');
  const answer = await api('POST', base + '/cutover?' + q, {});
  if (answer.status !== 200) { ready = false; say(out, 'error', errorOf(answer)); updateStart(); return; }
  ready = answer.body.ready === true;
  fill(out, h('p', { id: 'check-verdict', class: ready ? 'ok' : 'error' }, ready ? 'Ready: every step can run now (' + answer.body.durationMs + ' ms).' : 'Not ready: see the failed checks.'),
    h('table', { id: 'checks' }, h('thead', {}, h('tr', {}, h('th', {}, 'check'), h('th', {}, 'subject'), h('th', {}, 'ok'), h('th', {}, 'detail'))),
      h('tbody', {}, (answer.body.checks || []).map((c) => h('tr', {}, h('td', {}, c.check), h('td', {}, c.subject || ''), h('td', { class: c.ok ? 'ok' : 'error' }, c.ok ? 'yes' : 'no'), h('td', {}, c.detail || ''))))));
  updateStart();
};
document.getElementById('start-cutover').onclick = async () => {
  const answer = await api('POST', base + '/cutover?' + cutoverQuery(), { reason: document.getElementById('cutover-reason').value || 'from the web UI' });
  if (answer.status === 202) { cutoverDialog.close(); say(document.getElementById('message'), 'ok', answer.body.message); }
  else say(document.getElementById('cutover-message'), 'error', errorOf(answer));
};

// fallback: a cutover backwards, with the id typed to confirm; finish ends the window
document.getElementById('fallback').onclick = async () => {
  const typed = prompt('Fall back to the sources? The target schemas are frozen, every change goes back, the applications are switched back. Type the migration\'s id to confirm:');
  if (typed !== id) { if (typed !== null) say(document.getElementById('message'), 'error', 'Not confirmed: the id typed differs.'); return; }
  say(document.getElementById('message'), 'ok', 'Falling back…');
  const answer = await command('POST', base + '/fallback', { reason: 'from the web UI' },
    (b) => 'Fallback ' + b.fallback + ': ' + b.outcome + ' (' + b.state + '), write pause ' + b.writePauseMs + ' ms. ' + b.detail);
  windowReadAt = 0;
  return answer;
};
document.getElementById('finish').onclick = () => {
  if (confirm('End the fallback window? Nothing goes back to the sources any more; no fallback is possible afterwards.')) {
    command('POST', base + '/finish', { reason: 'from the web UI' }, (b) => b.detail).then(() => { windowReadAt = 0; });
  }
};

// abandon: a typed confirmation
const abandonDialog = document.getElementById('abandon-dialog');
document.getElementById('abandon').onclick = () => { document.getElementById('abandon-confirm').value = ''; document.getElementById('do-abandon').disabled = true; abandonDialog.showModal(); };
document.getElementById('close-abandon').onclick = () => abandonDialog.close();
document.getElementById('abandon-confirm').oninput = (e) => { document.getElementById('do-abandon').disabled = e.target.value !== id; };
document.getElementById('do-abandon').onclick = async () => {
  const q = new URLSearchParams();
  if (document.getElementById('drop-target').checked) q.set('dropTarget', 'true');
  q.set('reason', document.getElementById('abandon-reason').value || 'from the web UI');
  fill(document.getElementById('abandon-message'), h('span', { class: 'muted' }, 'abandoning: removing capture from the sources, deleting topics…'));
  const answer = await api('DELETE', base + '?' + q);
  if (answer.status === 200 || answer.status === 202) {
    abandonDialog.close();
    say(document.getElementById('message'), 'ok', answer.body.cleanedUp ? 'Abandoned and cleaned up.' : 'Abandoned; still waiting for ' + answer.body.waitingFor);
  } else say(document.getElementById('abandon-message'), 'error', errorOf(answer));
};

topBar();
follow();
