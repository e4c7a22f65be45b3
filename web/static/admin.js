/*
 * The recruiter console (/admin). Plain JavaScript, no dependencies, no build step.
 * Text is only ever inserted with textContent; charts are SVG made with createElementNS.
 * The recruiter token lives in sessionStorage (this tab only) and goes out as
 * "Authorization: Bearer <token>" on every call to the API.
 */
(function () {
  'use strict';

  const API = document.body.dataset.api || '/api/v1';
  const TOKEN_KEY = 'careers-console:token';
  const PREVIEW_DELAY_MS = 300;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;
  const FORMAT_NAMES = {
    'text/markdown': 'Markdown', 'text/plain': 'plain text', 'text/html': 'HTML', 'application/ld+json': 'JSON-LD',
  };
  const KIND_NAMES = {
    answer: 'an answer', no_answer: 'a “not in the posting” reply', smalltalk: 'small talk', handoff: 'a hand-over to a person',
  };

  const $ = (id) => document.getElementById(id);
  const state = {
    token: null, postings: [], pane: null,
    editing: null,            // {id, etag, revision} of the posting in the editor; null for a new one
    previewTimer: 0, previewSeq: 0,
    history: [],              // the test pane's conversation: [{role, content}]
  };

  // --- small DOM helpers -------------------------------------------------------
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attributes) {
    const node = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes || {}).forEach((name) => node.setAttribute(name, String(attributes[name])));
    return node;
  }

  function button(label, onClick, className, accessibleName) {
    const node = el('button', className, label);
    node.type = 'button';
    if (accessibleName) node.setAttribute('aria-label', accessibleName);
    node.addEventListener('click', onClick);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function say(message) {
    const status = $('status');
    status.textContent = '';
    // A fresh text node each time, so the same message twice is announced twice.
    window.setTimeout(() => { status.textContent = message; }, 30);
  }

  function showProblem(node, message) {
    node.textContent = message || '';
  }

  function percent(share) {
    return share === null || share === undefined ? '—' : Math.round(share * 100) + '%';
  }

  function score(value) {
    return Number(value).toFixed(3);
  }

  function date(iso) {
    const moment = new Date(iso);
    return isNaN(moment) ? iso : moment.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function titleOf(postingId) {
    if (!postingId) return 'the careers page (all postings)';
    const found = state.postings.find((posting) => posting.id === postingId);
    return found ? found.title : postingId;
  }

  // --- the token and the API -----------------------------------------------------
  function readToken() {
    try { return window.sessionStorage.getItem(TOKEN_KEY); } catch (e) { return state.token; }
  }

  function keepToken(token) {
    state.token = token;
    try {
      if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
      else window.sessionStorage.removeItem(TOKEN_KEY);
    } catch (e) { /* storage may be off: the token then lives only in this page */ }
  }

  class ApiProblem extends Error {
    constructor(status, code, message, body) {
      super(message);
      this.status = status;
      this.code = code;
      this.body = body;
    }
  }

  async function call(method, path, options) {
    const opts = options || {};
    const headers = Object.assign({ Accept: 'application/json' }, opts.headers || {});
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    let body = opts.body;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    let response;
    try {
      response = await window.fetch(API + path, { method, headers, body, credentials: 'same-origin' });
    } catch (e) {
      throw new ApiProblem(0, 'network', 'The server could not be reached. Check the connection and try again.');
    }
    let data = null;
    if (response.status !== 204) {
      try { data = await response.json(); } catch (e) { data = null; }
    }
    if (!response.ok) {
      const error = (data && data.error) || {};
      const problem = new ApiProblem(response.status, error.code || 'error',
        error.message || 'The server answered ' + response.status + '.', data);
      if (response.status === 401 && !opts.signingIn) signOut('Your token is no longer accepted: ' + problem.message, true);
      throw problem;
    }
    return { data, headers: response.headers };
  }

  // --- signing in and out ----------------------------------------------------------
  async function signIn(token) {
    keepToken(token);
    try {
      await call('GET', '/admin/questions?status=all&limit=1', { signingIn: true });
    } catch (problem) {
      keepToken(null);
      throw problem;
    }
    $('signin').hidden = true;
    $('console').hidden = false;
    $('account').hidden = false;
    await showPane('postings', true);
  }

  function signOut(message, isProblem) {
    keepToken(null);
    $('console').hidden = true;
    $('account').hidden = true;
    $('signin').hidden = false;
    $('token').value = '';
    state.history = [];
    showProblem($('signin-error'), isProblem ? message : '');
    say(message || 'Signed out.');
    $('token').focus();
  }

  $('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    const problem = $('signin-error');
    if (!token) {
      showProblem(problem, 'Enter your recruiter token.');
      $('token').focus();
      return;
    }
    showProblem(problem, '');
    try {
      await signIn(token);
      say('Signed in.');
    } catch (error) {
      const message = error.status === 401
        ? 'That token was not accepted: ' + error.message
        : 'Could not sign in: ' + error.message;
      showProblem(problem, message);
      $('token').focus();
      $('token').select();
    }
  });

  $('sign-out').addEventListener('click', () => signOut('Signed out.'));

  // --- panes ----------------------------------------------------------------------------
  const LOADERS = {
    postings: () => loadPostings(),
    inbox: () => loadInbox(),
    revisions: () => loadRevisions(),
    stats: () => loadStats(),
    test: () => Promise.resolve(fillPostingSelects()),
    edit: () => Promise.resolve(),
  };

  function showPane(name, moveFocus) {
    state.pane = name;
    document.querySelectorAll('.pane').forEach((pane) => { pane.hidden = pane.id !== 'pane-' + name; });
    document.querySelectorAll('.tabs button').forEach((tab) => {
      if (tab.dataset.pane === name) tab.setAttribute('aria-current', 'page');
      else tab.removeAttribute('aria-current');
    });
    if (moveFocus) {
      const heading = document.querySelector('#pane-' + name + ' h2');
      if (heading) heading.focus();
    }
    return LOADERS[name]().catch(report);
  }

  document.querySelectorAll('.tabs button').forEach((tab) => {
    tab.addEventListener('click', () => showPane(tab.dataset.pane, true));
  });

  function report(error) {
    say(error && error.message ? error.message : String(error));
  }

  // --- postings ---------------------------------------------------------------------------
  async function loadPostings() {
    const { data } = await call('GET', '/postings');
    state.postings = data.postings;
    const list = clear($('posting-list'));
    if (!state.postings.length) list.appendChild(el('li', 'empty', 'There are no postings yet.'));
    state.postings.forEach((posting) => {
      const item = el('li', 'card');
      item.appendChild(el('h3', null, posting.title));
      const facts = [posting.id, posting.location, posting.employment_type].filter(Boolean).join(' · ');
      item.appendChild(el('p', 'help', facts));
      const actions = el('div', 'toolbar');
      actions.appendChild(button('Edit', () => openPosting(posting.id), null, 'Edit ' + posting.title));
      actions.appendChild(button('Revisions', () => { $('rev-posting').value = posting.id; showPane('revisions', true); },
        'secondary', 'Revisions of ' + posting.title));
      const page = el('a', 'link', 'View page');
      page.href = '/jobs/' + encodeURIComponent(posting.id);
      page.setAttribute('aria-label', 'View page of ' + posting.title);
      actions.appendChild(page);
      item.appendChild(actions);
      list.appendChild(item);
    });
    fillPostingSelects();
  }

  function fillPostingSelects() {
    [['test-posting', true], ['rev-posting', false]].forEach(([id, withAll]) => {
      const select = $(id);
      const chosen = select.value;
      clear(select);
      if (withAll) select.appendChild(new Option('All postings (the careers page)', ''));
      state.postings.forEach((posting) => select.appendChild(new Option(posting.title + ' (' + posting.id + ')', posting.id)));
      if (chosen && Array.from(select.options).some((option) => option.value === chosen)) select.value = chosen;
    });
  }

  $('reload-postings').addEventListener('click', () => loadPostings().then(() => say('Postings reloaded.'), report));
  $('new-posting').addEventListener('click', () => newPosting());

  // --- the editor ---------------------------------------------------------------------------
  function newPosting() {
    state.editing = null;
    $('edit-title').textContent = 'New posting';
    $('edit-id').value = '';
    $('edit-id').readOnly = false;
    $('edit-format').value = 'text/markdown';
    $('edit-source').value = '---\ntitle: \nlocation: \ncontact: \n---\n\n## About the role\n\n\n## Frequently Asked Questions\n';
    $('edit-revision').textContent = 'Not saved yet.';
    showProblem($('edit-problem'), '');
    showPane('edit', false);
    $('edit-id').focus();
    schedulePreview();
  }

  async function openPosting(postingId) {
    const { data } = await call('GET', '/admin/postings/' + encodeURIComponent(postingId) + '/source');
    state.editing = { id: data.id, etag: data.etag, revision: data.revision };
    $('edit-title').textContent = 'Edit: ' + titleOf(data.id);
    $('edit-id').value = data.id;
    $('edit-id').readOnly = true;
    $('edit-format').value = data.content_type;
    $('edit-source').value = data.source;
    $('edit-revision').textContent = 'Revision ' + data.revision + ' (' + FORMAT_NAMES[data.content_type] + ').';
    showProblem($('edit-problem'), '');
    showPane('edit', false);
    $('edit-source').focus();
    schedulePreview(0);
  }

  function schedulePreview(delay) {
    window.clearTimeout(state.previewTimer);
    state.previewTimer = window.setTimeout(runPreview, delay === undefined ? PREVIEW_DELAY_MS : delay);
  }

  async function runPreview() {
    const sequence = ++state.previewSeq;
    const text = $('edit-source').value;
    const errorNode = $('preview-error');
    if (!text.trim()) {
      showProblem(errorNode, '');
      clear($('preview-chunks'));
      $('preview-summary').textContent = 'Type or paste a posting to see how it is cut into passages.';
      return;
    }
    const id = $('edit-id').value.trim();
    const query = SLUG.test(id) ? '?id=' + encodeURIComponent(id) : '';
    try {
      const { data } = await call('POST', '/admin/preview' + query,
        { body: text, headers: { 'Content-Type': $('edit-format').value + '; charset=utf-8' } });
      if (sequence !== state.previewSeq) return; // a newer keystroke's preview is on its way
      showProblem(errorNode, '');
      renderPreview(data);
    } catch (problem) {
      if (sequence !== state.previewSeq) return;
      $('preview-chunks').classList.add('stale');
      showProblem(errorNode, problem.message);
    }
  }

  function renderPreview(data) {
    const list = clear($('preview-chunks'));
    list.classList.remove('stale');
    const count = data.chunks.length;
    $('preview-summary').textContent = '“' + data.title + '”: ' + count + (count === 1 ? ' passage' : ' passages') +
      ' in ' + data.sections.length + (data.sections.length === 1 ? ' section.' : ' sections.');
    data.chunks.forEach((chunk) => {
      const item = el('li', 'chunk');
      const where = [chunk.section, chunk.subsection].filter(Boolean).join(' › ');
      item.appendChild(el('p', 'where', where));
      if (chunk.question) item.appendChild(el('p', 'question', chunk.question));
      item.appendChild(el('p', 'text', chunk.text));
      list.appendChild(item);
    });
  }

  ['edit-source', 'edit-id'].forEach((id) => $(id).addEventListener('input', () => schedulePreview()));
  $('edit-format').addEventListener('change', () => schedulePreview(0));

  $('edit-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = $('edit-problem');
    const id = $('edit-id').value.trim();
    if (!SLUG.test(id)) {
      showProblem(problem, 'Give the posting an id: lowercase letters, digits and hyphens, like backend-developer.');
      $('edit-id').focus();
      return;
    }
    // A new posting must not silently replace an existing one with the same id.
    const headers = { 'Content-Type': $('edit-format').value + '; charset=utf-8' };
    if (state.editing) headers['If-Match'] = state.editing.etag;
    if (!state.editing && state.postings.some((posting) => posting.id === id)) {
      showProblem(problem, 'A posting with the id “' + id + '” already exists. Open it from the postings list to edit it.');
      return;
    }
    showProblem(problem, '');
    try {
      const { data } = await call('PUT', '/postings/' + encodeURIComponent(id), { body: $('edit-source').value, headers });
      state.editing = { id: data.id, etag: data.etag, revision: data.revision };
      $('edit-id').readOnly = true;
      $('edit-title').textContent = 'Edit: ' + data.title;
      $('edit-revision').textContent = 'Revision ' + data.revision + ' (' + FORMAT_NAMES[$('edit-format').value] + ').';
      say(data.changed === false ? 'No changes to save.' : (data.created ? 'Created “' + data.title + '”.' : 'Saved revision ' + data.revision + ' of “' + data.title + '”. It is live.'));
      await loadPostings();
    } catch (error) {
      if (error.status === 412) {
        showConflict(problem);
      } else {
        showProblem(problem, 'Not saved: ' + error.message);
      }
    }
  });

  function showConflict(problem) {
    clear(problem);
    problem.appendChild(el('p', null, 'Not saved: someone else changed this posting since you opened it. ' +
      'Reload to see their version; copy your text first if you want to keep it.'));
    problem.appendChild(button('Reload the posting', () => reloadSource()));
  }

  async function reloadSource() {
    if (!state.editing) { newPosting(); return; }
    try {
      await openPosting(state.editing.id);
      say('Reloaded the current revision.');
    } catch (error) { report(error); }
  }

  $('reload-source').addEventListener('click', reloadSource);

  // --- the test pane ------------------------------------------------------------------------------
  $('test-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = $('test-message').value.trim();
    const problem = $('test-error');
    if (!message) {
      showProblem(problem, 'Type a question to test.');
      $('test-message').focus();
      return;
    }
    showProblem(problem, '');
    const posting = $('test-posting').value || null;
    const history = $('test-follow-up').checked ? state.history.slice(-20) : [];
    try {
      const { data } = await call('POST', '/admin/search', { json: { message, posting, history } });
      if (!$('test-follow-up').checked) state.history = [];
      state.history.push({ role: 'user', content: message }, { role: 'assistant', content: data.reply.answer });
      renderSearch(data);
      renderHistory();
      say('Confidence ' + score(data.confidence) + (data.above_threshold ? ' is at or above' : ' is below') +
        ' the threshold ' + score(data.threshold) + '.');
    } catch (error) {
      showProblem(problem, error.message);
    }
  });

  $('test-clear').addEventListener('click', () => {
    state.history = [];
    $('test-follow-up').checked = false;
    renderHistory();
    $('test-result').hidden = true;
    $('test-message').value = '';
    $('test-message').focus();
  });

  function renderHistory() {
    const list = clear($('test-history'));
    state.history.forEach((turn) => {
      const item = el('li', 'turn ' + turn.role);
      item.appendChild(el('span', 'who', turn.role === 'user' ? 'Question: ' : 'Reply: '));
      item.appendChild(document.createTextNode(turn.content));
      list.appendChild(item);
    });
    $('test-conversation').hidden = state.history.length === 0;
  }

  function renderSearch(data) {
    $('test-result').hidden = false;
    const kind = data.reply.kind;
    const comparison = data.above_threshold ? 'at or above' : 'below';
    $('test-verdict').textContent = 'Confidence ' + score(data.confidence) + ' is ' + comparison + ' the threshold ' +
      score(data.threshold) + '. The chat would reply with ' + (KIND_NAMES[kind] || kind) + ' (' + kind + ').';
    $('test-verdict').className = 'verdict ' + (data.above_threshold ? 'good' : 'low');
    renderGauge(data.confidence, data.threshold);

    const concepts = clear($('test-concepts'));
    if (!data.concepts.length) concepts.appendChild(el('li', 'empty', 'No concepts: only stop words or small talk.'));
    data.concepts.forEach((concept) => {
      const item = el('li', 'concept' + (concept.from_history ? ' earlier' : ''));
      item.appendChild(el('strong', null, concept.label));
      const terms = concept.alternatives.join(' | ');
      item.appendChild(el('span', 'terms', ' → ' + terms));
      if (concept.related && concept.related.length) {
        item.appendChild(el('span', 'terms', ' (synonyms, at half credit: ' + concept.related.join(' | ') + ')'));
      }
      if (concept.from_history) item.appendChild(el('span', 'tag', 'from an earlier question, weight ' + score(concept.weight)));
      concepts.appendChild(item);
    });
    $('test-corrections').textContent = data.corrections.length
      ? 'Spelling corrected: ' + data.corrections.map((c) => '“' + c.written + '” → “' + c.read_as + '”').join(', ') + '.'
      : 'No spelling corrections.';

    const rows = clear(document.querySelector('#test-passages tbody'));
    if (!data.passages.length) {
      const row = el('tr');
      const cell = el('td', 'empty', 'No passage holds any of the question\'s words.');
      cell.colSpan = 7;
      row.appendChild(cell);
      rows.appendChild(row);
    }
    data.passages.forEach((passage) => {
      const row = el('tr', passage.cited ? 'cited' : '');
      row.appendChild(el('td', 'num', passage.rank + (passage.cited ? ' [' + passage.cited + ']' : '')));
      const cell = el('td', 'passage');
      const where = [passage.posting_title, passage.section, passage.subsection].filter(Boolean).join(' › ');
      cell.appendChild(el('span', 'where', where));
      if (passage.question) cell.appendChild(el('span', 'question', passage.question));
      cell.appendChild(el('span', 'text', passage.text));
      row.appendChild(cell);
      [passage.score, passage.bm25, passage.tfidf, passage.coverage].forEach((value) => row.appendChild(el('td', 'num', score(value))));
      row.appendChild(el('td', null, passage.focus ? 'yes' : 'no'));
      rows.appendChild(row);
    });
    $('test-reply').textContent = data.reply.answer;
  }

  function renderGauge(confidence, threshold) {
    const box = clear($('test-gauge'));
    const chart = svg('svg', { viewBox: '0 0 400 44', role: 'img', 'aria-labelledby': 'gauge-title', class: 'gauge-svg' });
    const title = svg('title', { id: 'gauge-title' });
    title.textContent = 'Confidence ' + score(confidence) + ' against the threshold ' + score(threshold);
    chart.appendChild(title);
    chart.appendChild(svg('rect', { x: 0, y: 8, width: 400, height: 18, rx: 4, class: 'track' }));
    chart.appendChild(svg('rect', { x: 0, y: 8, width: Math.max(2, 400 * confidence), height: 18, rx: 4,
      class: confidence >= threshold ? 'fill good' : 'fill low' }));
    chart.appendChild(svg('line', { x1: 400 * threshold, x2: 400 * threshold, y1: 2, y2: 32, class: 'threshold' }));
    const label = svg('text', { x: Math.min(396, Math.max(4, 400 * threshold)), y: 42, class: 'axis',
      'text-anchor': threshold > 0.8 ? 'end' : 'middle' });
    label.textContent = 'threshold ' + score(threshold);
    chart.appendChild(label);
    box.appendChild(chart);
  }

  // --- the inbox ------------------------------------------------------------------------------------
  async function loadInbox() {
    const [unanswered, unhelpful] = await Promise.all([
      call('GET', '/admin/questions?status=unanswered'), call('GET', '/admin/questions?status=unhelpful')]);
    renderGroups($('inbox-unanswered'), $('unanswered-count'), unanswered.data.questions, 'No unanswered questions.');
    renderGroups($('inbox-unhelpful'), $('unhelpful-count'), unhelpful.data.questions, 'No replies were found unhelpful.');
  }

  function renderGroups(list, counter, groups, empty) {
    clear(list);
    const asked = groups.reduce((sum, group) => sum + group.count, 0);
    counter.textContent = groups.length ? '(' + groups.length + (groups.length === 1 ? ' question, ' : ' questions, ') +
      asked + ' asked)' : '';
    if (!groups.length) list.appendChild(el('li', 'empty', empty));
    groups.forEach((group) => {
      const item = el('li', 'group');
      const head = el('p', 'asked');
      head.appendChild(el('strong', null, group.question));
      item.appendChild(head);
      item.appendChild(el('p', 'help', 'Asked ' + group.count + (group.count === 1 ? ' time' : ' times') + ' · ' +
        titleOf(group.posting) + ' · last ' + date(group.last_asked)));
      const others = group.examples.filter((text) => text !== group.question);
      if (others.length) item.appendChild(el('p', 'help', 'Also asked as: ' + others.join(' / ')));
      if (group.answered_now && group.kind !== 'answer') {  // answered since it was asked
        item.classList.add('answered-now');
        item.appendChild(el('p', 'now', 'Answered now: “' + group.answered_now.text + '”'));
      }
      const answer = button('Answer this', () => openAnswerForm(item, group, answer), null, 'Answer this: ' + group.question);
      item.appendChild(answer);
      list.appendChild(item);
    });
  }

  let formCount = 0;

  function field(labelText, control, id) {
    const wrap = el('div', 'field');
    control.id = id;
    const label = el('label', null, labelText);
    label.htmlFor = id;
    wrap.appendChild(label);
    wrap.appendChild(control);
    return wrap;
  }

  function openAnswerForm(item, group, opener) {
    opener.hidden = true;
    const n = ++formCount;
    const form = el('form', 'answer-form');
    form.noValidate = true;
    const posting = el('select');
    state.postings.forEach((p) => posting.appendChild(new Option(p.title, p.id)));
    posting.value = group.posting || (state.postings[0] && state.postings[0].id) || '';
    const question = el('input');
    question.type = 'text';
    question.maxLength = 300;
    question.value = group.question.trim();
    const answer = el('textarea');
    answer.rows = 4;
    answer.maxLength = 5000;
    const problem = el('p', 'error');
    problem.setAttribute('role', 'alert');
    form.appendChild(field('Add to the FAQ of', posting, 'answer-posting-' + n));
    form.appendChild(field('Question, as the FAQ will ask it', question, 'answer-question-' + n));
    form.appendChild(field('Answer', answer, 'answer-text-' + n));
    form.appendChild(problem);
    const actions = el('div', 'toolbar');
    const submit = el('button', null, 'Add to the FAQ');
    submit.type = 'submit';
    actions.appendChild(submit);
    actions.appendChild(button('Cancel', () => { form.remove(); opener.hidden = false; opener.focus(); }, 'secondary'));
    form.appendChild(actions);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!answer.value.trim()) { showProblem(problem, 'Write the answer first.'); answer.focus(); return; }
      submit.disabled = true;
      try {
        const { data } = await call('POST', '/admin/postings/' + encodeURIComponent(posting.value) + '/faq',
          { json: { question: question.value, answer: answer.value } });
        form.remove();
        const done = el('p', 'done', 'Added to the FAQ of ' + titleOf(data.id) + ' as revision ' + data.revision +
          '. The chat answers it now.');
        done.setAttribute('tabindex', '-1');
        item.appendChild(done);
        item.appendChild(button('Test it', () => testQuestion(data.id, data.question), 'secondary', 'Test it: ' + data.question));
        done.focus();
        say('Added “' + data.question + '” to the FAQ of ' + titleOf(data.id) + ' (revision ' + data.revision + ').');
      } catch (error) {
        submit.disabled = false;
        showProblem(problem, 'Not added: ' + error.message);
      }
    });
    item.appendChild(form);
    answer.focus();
  }

  function testQuestion(postingId, question) {
    showPane('test', true).then(() => {
      $('test-posting').value = postingId;
      $('test-message').value = question;
      $('test-follow-up').checked = false;
      $('test-message').focus();
    });
  }

  $('reload-inbox').addEventListener('click', () => loadInbox().then(() => say('Inbox reloaded.'), report));

  // --- revisions -----------------------------------------------------------------------------------
  async function loadRevisions() {
    fillPostingSelects();
    const postingId = $('rev-posting').value;
    const rows = clear(document.querySelector('#rev-table tbody'));
    $('diff').hidden = true;
    if (!postingId) return;
    const path = '/postings/' + encodeURIComponent(postingId);
    const { data } = await call('GET', path + '/revisions');
    const revisions = data.revisions.slice().reverse();
    const current = revisions[0].revision;
    $('rev-caption').textContent = 'Revisions of ' + titleOf(postingId) + ', newest first';
    revisions.forEach((revision) => {
      const row = el('tr');
      row.appendChild(el('td', 'num', revision.revision + (revision.revision === current ? ' (current)' : '')));
      row.appendChild(el('td', null, date(revision.created_at)));
      row.appendChild(el('td', null, revision.author));
      row.appendChild(el('td', null, revision.format));
      const actions = el('td', 'actions');
      if (revision.revision !== current) {
        actions.appendChild(button('Diff', () => showDiff(postingId, revision.revision, current), 'secondary',
          'Diff revision ' + revision.revision + ' with the current revision'));
        actions.appendChild(button('Roll back', () => rollback(postingId, revision.revision, current), 'secondary',
          'Roll back to revision ' + revision.revision));
      }
      row.appendChild(actions);
      rows.appendChild(row);
    });
  }

  async function showDiff(postingId, from, to) {
    try {
      const { data } = await call('GET', '/admin/postings/' + encodeURIComponent(postingId) + '/diff?from=' + from + '&to=' + to);
      const pre = clear($('diff-lines'));
      $('diff-title').textContent = 'Changes from revision ' + data.from + ' to revision ' + data.to;
      if (!data.lines.length) pre.appendChild(el('span', 'line same', 'The two revisions hold the same text.'));
      data.lines.forEach((line) => {
        let kind = 'same';
        if (line.startsWith('+++') || line.startsWith('---')) kind = 'file';
        else if (line.startsWith('@@')) kind = 'hunk';
        else if (line.startsWith('+')) kind = 'add';
        else if (line.startsWith('-')) kind = 'del';
        pre.appendChild(el('span', 'line ' + kind, line + '\n'));
      });
      $('diff').hidden = false;
      $('diff-title').focus();
    } catch (error) { report(error); }
  }

  async function rollback(postingId, revision, current) {
    try {
      const { data } = await call('POST', '/postings/' + encodeURIComponent(postingId) + '/rollback',
        { json: { revision }, headers: { 'If-Match': '"' + postingId + '-r' + current + '"' } });
      await loadRevisions();
      say('Rolled back to revision ' + revision + ': it is live as revision ' + data.revision + '.');
    } catch (error) {
      if (error.status === 412) {
        say('Not rolled back: someone else changed the posting meanwhile. The list is reloaded; try again.');
        loadRevisions().catch(report);
      } else report(error);
    }
  }

  $('rev-posting').addEventListener('change', () => loadRevisions().catch(report));

  // --- stats -----------------------------------------------------------------------------------------
  async function loadStats() {
    const { data } = await call('GET', '/admin/stats');
    const figures = clear($('stats-figures'));
    [['Questions', data.questions], ['Answered', data.answered + ' (' + percent(data.answered_share) + ')'],
      ['Rated', data.feedback], ['Found helpful', data.helpful + ' (' + percent(data.helpful_share) + ')']]
      .forEach(([name, value]) => {
        const wrap = el('div');
        wrap.appendChild(el('dt', null, name));
        wrap.appendChild(el('dd', null, value));
        figures.appendChild(wrap);
      });
    renderPerDay(data.per_day);
    renderShare($('answered-chart'), data.answered_share, data.answered + ' of ' + data.questions + ' questions answered');
    renderShare($('helpful-chart'), data.helpful_share, data.helpful + ' of ' + data.feedback + ' rated replies helpful');
    const top = clear($('top-unanswered'));
    if (!data.top_unanswered.length) top.appendChild(el('li', 'empty', 'Nothing went unanswered.'));
    data.top_unanswered.forEach((group) => top.appendChild(
      el('li', null, group.question + ' — ' + group.count + '× (' + titleOf(group.posting) + ')')));
  }

  function renderPerDay(days) {
    const box = clear($('per-day-chart'));
    if (!days.length) { box.appendChild(el('p', 'help', 'No questions yet.')); return; }
    const width = 640, height = 220, left = 36, bottom = 36, top = 16;
    const most = Math.max(1, ...days.map((day) => day.questions));
    const slot = (width - left) / days.length;
    const bar = Math.max(2, Math.min(48, slot * 0.7));
    const scale = (value) => (height - top - bottom) * value / most;
    const total = days.reduce((sum, day) => sum + day.questions, 0);
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-labelledby': 'per-day-title per-day-desc', class: 'bars' });
    const title = svg('title', { id: 'per-day-title' });
    title.textContent = 'Questions per day';
    const desc = svg('desc', { id: 'per-day-desc' });
    desc.textContent = total + ' questions over ' + days.length + (days.length === 1 ? ' day' : ' days') + ': ' +
      days.map((day) => day.date + ' ' + day.questions + ' (' + day.answered + ' answered)').join('; ');
    chart.append(title, desc);
    chart.appendChild(svg('line', { x1: left, x2: width, y1: height - bottom, y2: height - bottom, class: 'axis-line' }));
    const maxLabel = svg('text', { x: left - 6, y: top + 4, 'text-anchor': 'end', class: 'axis' });
    maxLabel.textContent = String(most);
    chart.appendChild(maxLabel);
    const every = Math.ceil(days.length / 8); // at most about eight date labels
    days.forEach((day, number) => {
      const x = left + slot * number + (slot - bar) / 2;
      const group = svg('g', { class: 'day' });
      const tip = svg('title');
      tip.textContent = day.date + ': ' + day.questions + ' questions, ' + day.answered + ' answered';
      group.appendChild(tip);
      group.appendChild(svg('rect', { x, y: height - bottom - scale(day.questions), width: bar, height: scale(day.questions), class: 'asked' }));
      group.appendChild(svg('rect', { x, y: height - bottom - scale(day.answered), width: bar, height: scale(day.answered), class: 'answered' }));
      chart.appendChild(group);
      if (number % every === 0) {
        const label = svg('text', { x: x + bar / 2, y: height - bottom + 18, 'text-anchor': 'middle', class: 'axis' });
        label.textContent = day.date.slice(5);
        chart.appendChild(label);
      }
    });
    box.appendChild(chart);
  }

  function renderShare(box, share, words) {
    clear(box);
    const chart = svg('svg', { viewBox: '0 0 300 30', role: 'img', class: 'share' });
    const title = svg('title');
    title.textContent = (share === null ? 'No data yet' : percent(share)) + ': ' + words;
    chart.appendChild(title);
    chart.appendChild(svg('rect', { x: 0, y: 4, width: 300, height: 22, rx: 4, class: 'track' }));
    if (share !== null) chart.appendChild(svg('rect', { x: 0, y: 4, width: Math.max(1, 300 * share), height: 22, rx: 4, class: 'fill' }));
    box.appendChild(chart);
    box.appendChild(el('p', 'share-label', (share === null ? 'No data yet' : percent(share)) + ' · ' + words));
  }

  $('reload-stats').addEventListener('click', () => loadStats().then(() => say('Stats reloaded.'), report));

  // --- start ------------------------------------------------------------------------------------------
  const saved = readToken();
  if (saved) {
    signIn(saved).catch((error) => {
      $('signin').hidden = false;
      showProblem($('signin-error'), error.status === 401 ? 'Your saved token is no longer accepted: ' + error.message : error.message);
    });
  } else {
    $('signin').hidden = false;
  }
}());
