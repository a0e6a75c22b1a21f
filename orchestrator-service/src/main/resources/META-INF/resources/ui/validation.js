// The validation page (validation.html).
'use strict';
const id = param('id');
const only = param('table');
const base = '/migrations/' + encodeURIComponent(id);
const back = document.getElementById('back');
back.href = '/ui/migration.html?id=' + encodeURIComponent(id);
fill(back, id);
async function differences(r) {
  const out = document.getElementById('differences');
  const answer = await api('GET', base + '/validation/results/' + r.validationId + '/differences?limit=200');
  if (answer.status !== 200) { say(out, 'error', errorOf(answer)); return; }
  const page = answer.body;
  const show = (v) => (v === null || v === undefined ? '–' : JSON.stringify(v));
  fill(out, h('h2', {}, 'Differences of ' + r.table + ' (' + r.mode + ', result ' + r.validationId + '): ' + page.total + (page.listedComplete === false ? '+' : '')),
    h('section', {}, h('table', { id: 'difference-rows' }, h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'kind'), h('th', {}, 'key'), h('th', {}, 'columns'), h('th', {}, 'source'), h('th', {}, 'target'))),
      h('tbody', {}, page.differences.map((d) => h('tr', {}, h('td', {}, d.position), h('td', {}, badge(d.kind)), h('td', {}, h('code', {}, show(d.key))),
        h('td', {}, (d.columns || []).join(', ')), h('td', {}, h('pre', {}, show(d.sourceValues))), h('td', {}, h('pre', {}, show(d.targetValues)))))))));
}
async function load() {
  const answer = await api('GET', base + '/validation');
  if (answer.status !== 200) { fill(document.querySelector('#results tbody'), h('tr', {}, h('td', { colspan: 9, class: 'error' }, errorOf(answer)))); return; }
  const results = answer.body.tables.filter((r) => !only || r.table === only);
  fill(document.querySelector('#results tbody'), results.map((r) => {
    const c = r.comparison;
    const n = c ? (c.missingRows || 0) + (c.extraRows || 0) + (c.differingRows || 0) : null;
    return h('tr', { 'data-table': r.table, 'data-mode': String(r.mode).toLowerCase() },
      h('td', {}, r.source + ' · ' + r.table), h('td', {}, r.mode), h('td', {}, badge(r.status)),
      h('td', { class: 'num' }, num(r.sourceRows)), h('td', { class: 'num' }, num(r.targetRows)), h('td', { class: 'num' }, num(r.rejectedRows)),
      h('td', {}, c ? (n ? h('button', { class: 'show-differences', onclick: () => differences(r) }, n + ' rows: missing ' + c.missingRows + ', extra ' + c.extraRows + ', differing ' + c.differingRows) : 'none') : '–'),
      h('td', {}, when(r.at)), h('td', { class: 'muted' }, r.detail || ''));
  }));
  fill(document.querySelector('#requests tbody'), answer.body.requests.map((q) => h('tr', {},
    h('td', {}, q.id), h('td', {}, q.mode), h('td', {}, q.table || 'all'), h('td', {}, q.requestedBy), h('td', {}, when(q.requestedAt)), h('td', {}, when(q.doneAt)), h('td', {}, badge(q.status)))));
}
topBar(); load(); setInterval(load, 5000);
