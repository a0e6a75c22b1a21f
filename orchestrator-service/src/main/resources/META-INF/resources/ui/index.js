// The migrations page (index.html): the list, and submitting a plan.
'use strict';
async function load() {
  const answer = await api('GET', '/migrations');
  const body = document.querySelector('#migrations tbody');
  if (answer.status !== 200) { fill(body, h('tr', {}, h('td', { colspan: 4, class: 'error' }, errorOf(answer)))); return; }
  if (!answer.body.length) { fill(body, h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'No migration yet: submit a plan below.'))); return; }
  fill(body, answer.body.slice().reverse().map((m) => h('tr', { 'data-migration': m.id },
    h('td', {}, h('a', { href: '/ui/migration.html?id=' + encodeURIComponent(m.id) }, m.id)),
    h('td', {}, badge(m.state)), h('td', {}, when(m.createdAt)), h('td', {}, when(m.updatedAt)))));
}
async function send(dryRun) {
  const out = document.getElementById('plan-result');
  const plan = document.getElementById('plan').value;
  const type = plan.trim().startsWith('{') ? 'application/json' : 'application/yaml';
  const answer = await api('POST', '/migrations' + (dryRun ? '?dryRun=true' : ''), plan, type);
  if (answer.status === 201) {
    location.href = '/ui/migration.html?id=' + encodeURIComponent(answer.body.id);
  } else if (answer.status === 200) {
    const b = answer.body;
    const sql = (list) => (list || []).map((s) => s + ';').join('\n');
    fill(out, h('div', { class: 'message ok' }, 'The plan is valid; nothing was created. What provisioning would run:'),
      h('pre', { id: 'plan-ddl' }, sql(b.statements)),
      (b.keyStatements || []).length ? [h('h2', {}, 'Keys built once each table is loaded'), h('pre', {}, sql(b.keyStatements))] : null,
      (b.finalizeStatements || []).length ? [h('h2', {}, 'Finalize (before the cutover)'), h('pre', {}, sql(b.finalizeStatements))] : null,
      (b.notes || []).length ? [h('h2', {}, 'Notes'), h('ul', {}, b.notes.map((n) => h('li', {}, n)))] : null);
  } else {
    say(out, 'error', errorOf(answer));
  }
}
document.getElementById('check-plan').addEventListener('click', () => send(true));
document.getElementById('submit-plan').addEventListener('click', () => send(false));
topBar(); load(); setInterval(load, 5000);
