// The rejects page (rejects.html).
'use strict';
const id = param('id');
const table = param('table');
const base = '/migrations/' + encodeURIComponent(id);
const back = document.getElementById('back');
back.href = '/ui/migration.html?id=' + encodeURIComponent(id);
fill(back, id + (table ? ' · ' + table : ''));
async function load() {
  const q = new URLSearchParams({ limit: '500' });
  if (table) q.set('table', table);
  if (document.getElementById('replayed').checked) q.set('replayed', 'true');
  const answer = await api('GET', base + '/rejects?' + q);
  const body = document.querySelector('#rejects tbody');
  if (answer.status !== 200) { fill(body, h('tr', {}, h('td', { colspan: 6, class: 'error' }, errorOf(answer)))); return; }
  fill(body, answer.body.length ? answer.body.map((r) => h('tr', {},
    h('td', {}, when(r.at)), h('td', {}, r.source + ' · ' + r.table), h('td', {}, h('code', {}, r.key || '–')),
    h('td', { class: 'error' }, r.reason), h('td', {}, h('pre', { title: r.position }, (r.row || '') + (r.rowTruncated ? ' …' : ''))),
    h('td', {}, r.replayedAt ? when(r.replayedAt) : 'open'))) : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No reject.')));
  const replays = await api('GET', base + '/rejects/replays');
  if (replays.status === 200) {
    fill(document.querySelector('#replays tbody'), replays.body.map((r) => h('tr', {},
      h('td', {}, r.id), h('td', {}, r.source), h('td', {}, r.table || 'all'), h('td', {}, when(r.requestedAt)), h('td', {}, when(r.doneAt)),
      h('td', { class: 'num' }, num(r.replayedRows)), h('td', { class: 'num' }, num(r.skippedRows)), h('td', { class: 'error' }, r.error || ''))));
  }
}
document.getElementById('replayed').onchange = load;
document.getElementById('replay').onclick = async () => {
  const answer = await api('POST', base + '/rejects/replay' + (table ? '?table=' + encodeURIComponent(table) : ''));
  if (answer.status === 202) say(document.getElementById('message'), 'ok', 'Replay requested: ' + answer.body.length + ' request(s). Replayed rows leave this list.');
  else say(document.getElementById('message'), 'error', errorOf(answer));
  load();
};
topBar(); load(); setInterval(load, 5000);
