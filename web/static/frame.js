/*
 * The chat inside the widget's iframe (/widget/frame). Plain JavaScript, no dependencies.
 * Text is only ever inserted with textContent; the conversation lives in sessionStorage,
 * keyed by posting, so it survives page loads. It talks to its host page by postMessage:
 *   frame → host  {source: "careers-assistant", type: "ready", relay}  |  {type: "close"}
 *                 {type: "resize", height}  |  {type: "save", state}  (only when relaying)
 *   host → frame  {source: "careers-assistant", type: "open"}  |  {type: "ask", text}
 *                 {type: "restore", state}  (only when relaying)
 * and accepts messages only from its parent window at the origin the widget script gave it.
 */
(function () {
  'use strict';

  var SOURCE = 'careers-assistant';
  var HISTORY_TURNS = 20;        // what the API accepts as history
  var KEPT_TURNS = 100;          // what sessionStorage keeps
  var MAX_CHARS = 1000;
  var TIMEOUT_MS = 20000;
  var RECRUITER_MESSAGE = "I'd like to talk to a recruiter";
  var THUMB_UP = 'M1 21h4V9H1v12zm22-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.5-1.1L14.2 1 7.6 7.6A2 2 0 0 0 7 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1.2-.7v-2z';
  var THUMB_DOWN = 'M15 3H6c-.8 0-1.5.5-1.8 1.2l-3 7.1-.2.7v2a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.5 1.1L9.8 23l6.6-6.6c.4-.4.6-.9.6-1.4V5a2 2 0 0 0-2-2zm4 0v12h4V3h-4z';

  var body = document.body;
  var config = body.dataset;
  var posting = config.posting || '';
  var hostOrigin = config.hostOrigin || '';
  var api = config.api || '/api/v1';
  var embedded = window.parent !== window;
  var storeKey = 'careers-assistant:v1:' + (posting || '*');

  var $ = function (id) { return document.getElementById(id); };
  var messages = $('messages');
  var log = $('log');
  var typing = $('typing');
  var announcer = $('announcer');
  var suggestions = $('suggestions');
  var status = $('status');
  var form = $('ask');
  var input = $('question');
  var sendButton = $('send');
  var starters = Array.prototype.map.call(suggestions.querySelectorAll('[data-starter]'),
    function (chip) { return chip.textContent; });

  var pending = false;
  var state;

  /* ---- storage ---- */

  function emptyState() { return { conversationId: null, turns: [] }; }

  // A cross-site frame may not touch storage (third-party storage blocked); then the host page
  // keeps the conversation for us in its own sessionStorage (see "relay" in widget.js).
  var storage = (function () {
    try {
      window.sessionStorage.getItem(storeKey);
      return window.sessionStorage;
    } catch (e) {
      return null;
    }
  }());
  var relay = !storage && embedded;

  function parseState(text) {
    var saved = null;
    try { saved = JSON.parse(text || 'null'); } catch (e) { return emptyState(); }
    if (!saved || !Array.isArray(saved.turns)) return emptyState();
    saved.turns = saved.turns.filter(function (turn) {
      return turn && (turn.role === 'user' || turn.role === 'assistant') && typeof turn.content === 'string';
    });
    if (typeof saved.conversationId !== 'string') saved.conversationId = null;
    return saved;
  }

  function load() {
    if (!storage) return emptyState();
    try { return parseState(storage.getItem(storeKey)); } catch (e) { return emptyState(); }
  }

  function save() {
    state.turns = state.turns.slice(-KEPT_TURNS);
    var text = state.turns.length ? JSON.stringify(state) : null;
    if (relay) {
      toHost({ type: 'save', state: text });
      return;
    }
    if (!storage) return;  // standalone with storage blocked: the conversation lasts for this page
    try {
      if (text === null) storage.removeItem(storeKey);
      else storage.setItem(storeKey, text);
    } catch (e) { /* storage full: the conversation lasts for this page */ }
  }

  state = load();

  /* ---- DOM helpers (textContent only) ---- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function icon(path) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var shape = document.createElementNS(ns, 'path');
    shape.setAttribute('d', path);
    svg.appendChild(shape);
    return svg;
  }

  function announce(text) {
    announcer.textContent = '';
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function showStatus(text) {
    status.textContent = text;
    status.hidden = false;
    requestResize();
  }

  function hideStatus() {
    status.hidden = true;
    status.textContent = '';
  }

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  }

  function scrollToEnd() {
    log.scrollTo({ top: log.scrollHeight, behavior: reducedMotion() ? 'auto' : 'smooth' });
  }

  /* ---- theme: the server checked the colour and chose the text colour on it ---- */

  function applyTheme() {
    if (!config.color || !config.onColor) return;
    document.documentElement.style.setProperty('--accent', config.color);
    document.documentElement.style.setProperty('--on-accent', config.onColor);
  }

  /* ---- rendering ---- */

  function linkTarget() {
    // On our own pages the passage is on the page below: scroll there. Elsewhere open a new tab.
    return hostOrigin && hostOrigin === window.location.origin ? '_top' : '_blank';
  }

  function citationId(index, n) { return 'source-' + index + '-' + n; }

  function answerParagraph(turn, index) {
    var paragraph = el('p', 'answer');
    var numbers = {};
    (turn.citations || []).forEach(function (citation) { numbers[citation.n] = true; });
    String(turn.content).split(/(\[\d+\])/).forEach(function (part) {
      var match = /^\[(\d+)\]$/.exec(part);
      if (match && numbers[match[1]]) {
        var ref = el('a', 'cite-ref', part);
        ref.href = '#' + citationId(index, match[1]);
        ref.setAttribute('aria-label', 'source ' + match[1]);
        ref.addEventListener('click', function (event) {
          event.preventDefault();
          var source = document.getElementById(citationId(index, match[1]));
          var details = source && source.closest('details');
          if (!details) return;
          details.open = true;
          details.querySelector('summary').focus();
          source.scrollIntoView({ block: 'nearest', behavior: reducedMotion() ? 'auto' : 'smooth' });
        });
        paragraph.appendChild(ref);
      } else if (part) {
        paragraph.appendChild(document.createTextNode(part));
      }
    });
    return paragraph;
  }

  // A run of at least this many sources from one heading (every item of a list the question named) is
  // one entry, "[1–9] Responsibilities", rather than nine entries that all say "Responsibilities".
  var GROUP_SOURCES = 4;

  function sourceRuns(citations) {
    var runs = [];
    citations.forEach(function (citation) {
      var last = runs[runs.length - 1];
      var same = last && last[0].section === citation.section && last[0].posting === citation.posting;
      if (same) last.push(citation); else runs.push([citation]);
    });
    return runs.reduce(function (out, run) {
      if (run.length >= GROUP_SOURCES) out.push(run);
      else run.forEach(function (citation) { out.push([citation]); });
      return out;
    }, []);
  }

  function sourceLink(citation) {
    var link = el('a', 'source-link', 'Read it in the posting');
    link.href = (config.jobs || '/jobs/') + encodeURIComponent(citation.posting) + '#' + encodeURIComponent(citation.id);
    link.target = linkTarget();
    if (link.target === '_blank') {
      link.rel = 'noopener';
      link.appendChild(el('span', 'visually-hidden', ' (opens in a new tab)'));
    }
    return link;
  }

  function citationList(turn, index) {
    var list = el('ol', 'citations');
    list.setAttribute('aria-label', 'Sources');
    sourceRuns(turn.citations).forEach(function (run) {
      var first = run[0], last = run[run.length - 1];
      var details = el('details', 'citation');
      var summary = el('summary');
      summary.appendChild(el('span', 'cite-n', run.length === 1 ? '[' + first.n + ']' : '[' + first.n + '–' + last.n + ']'));
      summary.appendChild(document.createTextNode(' ' + (first.section || 'Posting')));
      if (!posting && first.posting_title) {
        summary.appendChild(el('span', 'cite-posting', ' · ' + first.posting_title));
      }
      details.appendChild(summary);
      run.forEach(function (citation) {
        var quote = el('blockquote', 'quote');
        if (run.length === 1) {
          details.id = citationId(index, citation.n);
        } else {
          quote.id = citationId(index, citation.n);
          quote.appendChild(el('span', 'cite-n', '[' + citation.n + '] '));
        }
        quote.appendChild(el('p', null, citation.text));
        details.appendChild(quote);
      });
      if (first.posting && first.id) details.appendChild(sourceLink(first));  // a run stands together there
      var item = el('li');
      item.appendChild(details);
      list.appendChild(item);
    });
    return list;
  }

  function contactLine() {
    var line = el('p', 'contact', 'Recruiter contact: ');
    if (config.contactUrl) {
      var link = el('a', null, config.contact);
      link.href = config.contactUrl;
      link.target = '_blank';
      link.rel = 'noopener';
      line.appendChild(link);
    } else {
      line.appendChild(document.createTextNode(config.contact));
    }
    return line;
  }

  function feedbackBar(turn) {
    var bar = el('div', 'feedback');
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', 'Was this answer helpful?');
    bar.appendChild(el('span', 'feedback-label', 'Helpful?'));
    var thanks = el('span', 'thanks', turn.helpful === true || turn.helpful === false ? 'Thanks for the feedback.' : '');
    [[true, THUMB_UP, 'Yes, helpful'], [false, THUMB_DOWN, 'No, not helpful']].forEach(function (choice) {
      var button = el('button', 'thumb');
      button.appendChild(icon(choice[1]));
      button.type = 'button';
      button.setAttribute('aria-label', choice[2]);
      button.setAttribute('aria-pressed', String(turn.helpful === choice[0]));
      button.addEventListener('click', function () { giveFeedback(turn, choice[0], bar, thanks); });
      bar.appendChild(button);
    });
    bar.appendChild(thanks);
    return bar;
  }

  function renderTurn(turn, index) {
    var item = el('li', 'msg ' + turn.role + (turn.kind ? ' kind-' + turn.kind : ''));
    item.appendChild(el('span', 'visually-hidden', turn.role === 'user' ? 'You: ' : 'Assistant: '));
    if (turn.role === 'user') {
      item.appendChild(el('p', 'bubble', turn.content));
      return item;
    }
    var bubble = el('div', 'bubble');
    bubble.appendChild(answerParagraph(turn, index));
    if (turn.kind === 'handoff' && config.contact && turn.content.indexOf(config.contact) === -1) {
      bubble.appendChild(contactLine());
    }
    if (turn.citations && turn.citations.length) bubble.appendChild(citationList(turn, index));
    item.appendChild(bubble);
    if (turn.messageId && turn.kind !== 'smalltalk') item.appendChild(feedbackBar(turn));
    return item;
  }

  function renderSuggestions() {
    var last = state.turns.length ? state.turns[state.turns.length - 1] : null;
    var texts = !last ? starters : (last.role === 'assistant' && last.suggestions) || [];
    suggestions.textContent = '';
    texts.slice(0, 4).forEach(function (text) {
      var chip = el('button', 'chip', text);
      chip.type = 'button';
      chip.addEventListener('click', function () { send(text); });
      suggestions.appendChild(chip);
    });
    suggestions.hidden = texts.length === 0;
  }

  function render() {
    messages.textContent = '';
    state.turns.forEach(function (turn, index) { messages.appendChild(renderTurn(turn, index)); });
    renderSuggestions();
    requestResize();
  }

  /* ---- talking to the API ---- */

  function setPending(on) {
    pending = on;
    typing.hidden = !on;
    sendButton.setAttribute('aria-disabled', String(on));  // not disabled: that would drop its focus
    form.setAttribute('aria-busy', String(on));
    if (on) scrollToEnd();
    requestResize();
  }

  function post(path, payload) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    return window.fetch(api + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(payload),
      credentials: 'same-origin',
      signal: controller ? controller.signal : undefined
    }).finally(function () { if (timer) window.clearTimeout(timer); });
  }

  function retryAfterSeconds(response) {
    var header = response.headers.get('Retry-After') || '';
    var seconds = /^\d+$/.test(header.trim()) ? parseInt(header, 10)
      : Math.ceil((Date.parse(header) - Date.now()) / 1000);
    return isFinite(seconds) && seconds > 0 ? seconds : 60;
  }

  function errorText(response, body) {
    if (response.status === 429) {
      var seconds = retryAfterSeconds(response);
      return 'Too many questions — try again in ' + seconds + (seconds === 1 ? ' second.' : ' seconds.');
    }
    if (response.status >= 500) return 'The assistant had a problem answering. Please try again in a moment.';
    var message = body && body.error && typeof body.error.message === 'string' ? body.error.message : '';
    return message || 'Your question could not be sent (error ' + response.status + ').';
  }

  function cleanReply(reply) {
    var citations = Array.isArray(reply.citations) ? reply.citations : [];
    return {
      role: 'assistant',
      content: String(reply.answer),
      kind: String(reply.kind || 'answer'),
      messageId: typeof reply.message_id === 'string' ? reply.message_id : null,
      citations: citations.filter(function (c) { return c && typeof c.text === 'string'; }).map(function (c, i) {
        return {
          n: Number(c.n) || i + 1, id: String(c.id || ''), posting: String(c.posting || ''),
          posting_title: String(c.posting_title || ''), section: String(c.section || ''), text: c.text
        };
      }),
      suggestions: (Array.isArray(reply.suggestions) ? reply.suggestions : [])
        .filter(function (s) { return typeof s === 'string' && s.trim(); }).slice(0, 4)
    };
  }

  function fail(text, message) {
    // Take the question back out of the conversation and give it back to the candidate to retry.
    var last = state.turns[state.turns.length - 1];
    if (last && last.role === 'user' && last.content === text) state.turns.pop();
    if (!input.value && text !== RECRUITER_MESSAGE) input.value = text;
    if (text === RECRUITER_MESSAGE && config.contact) message += ' You can reach the recruiter directly: ' + config.contact + '.';
    save();
    render();
    showStatus(message);
  }

  function send(rawText) {
    var text = String(rawText || '').trim();
    if (!text || pending) return;
    if (text.length > MAX_CHARS) {
      showStatus('That is a long question: please keep it under ' + MAX_CHARS + ' characters.');
      return;
    }
    hideStatus();
    var history = state.turns.slice(-HISTORY_TURNS).map(function (turn) {
      return { role: turn.role, content: turn.content };
    });
    var payload = { message: text, history: history };
    if (posting) payload.posting = posting;
    if (state.conversationId) payload.conversation_id = state.conversationId;
    state.turns.push({ role: 'user', content: text });
    save();
    render();
    setPending(true);
    post('/chat', payload).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (reply) {
        setPending(false);
        if (!response.ok || !reply || typeof reply.answer !== 'string') {
          fail(text, errorText(response, reply));
          return;
        }
        var turn = cleanReply(reply);
        if (typeof reply.conversation_id === 'string') state.conversationId = reply.conversation_id;
        state.turns.push(turn);
        save();
        render();
        scrollToEnd();
        var sources = turn.citations.length;
        announce(turn.content + (sources ? ' (' + sources + (sources === 1 ? ' source' : ' sources') + ' below)' : ''));
      });
    }).catch(function () {
      setPending(false);
      fail(text, 'The assistant can’t be reached right now. Check your connection and try again.');
    });
  }

  function giveFeedback(turn, helpful, bar, thanks) {
    turn.helpful = helpful;
    save();
    Array.prototype.forEach.call(bar.querySelectorAll('.thumb'), function (button, i) {
      button.setAttribute('aria-pressed', String((i === 0) === helpful));
    });
    thanks.textContent = 'Thanks for the feedback.';
    // Feedback is best effort: an older server without the route (404) or a network error says nothing.
    post('/feedback', { message_id: turn.messageId, helpful: helpful }).catch(function () {});
  }

  function clearConversation() {
    state = emptyState();
    save();
    hideStatus();
    render();
    announce('Conversation cleared.');
    input.focus();
  }

  /* ---- the host page ---- */

  function toHost(message) {
    if (!embedded || !hostOrigin) return;
    message.source = SOURCE;
    try { window.parent.postMessage(message, hostOrigin); } catch (e) { /* host navigated away */ }
  }

  var resizeFrame = 0;
  var lastHeight = 0;
  function requestResize() {
    if (!embedded || resizeFrame) return;
    resizeFrame = window.requestAnimationFrame(function () {
      resizeFrame = 0;
      var height = 0;
      Array.prototype.forEach.call(body.children, function (child) {
        if (child === log) height += log.scrollHeight;
        else height += child.offsetHeight;
      });
      height = Math.ceil(height);
      if (Math.abs(height - lastHeight) > 2) {
        lastHeight = height;
        toHost({ type: 'resize', height: height });
      }
    });
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || !hostOrigin || event.origin !== hostOrigin) return;
    var data = event.data;
    if (!data || data.source !== SOURCE) return;
    if (data.type === 'open') {
      input.focus();
      scrollToEnd();
    } else if (data.type === 'restore' && relay && typeof data.state === 'string' && !state.turns.length) {
      state = parseState(data.state);
      render();
      scrollToEnd();
    } else if (data.type === 'ask' && typeof data.text === 'string') {
      send(data.text);
    }
  });

  /* ---- wiring ---- */

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim() || pending) return;
    input.value = '';
    autosize();
    send(text);
  });

  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 128) + 'px';
  }
  input.addEventListener('input', autosize);
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (typeof form.requestSubmit === 'function') form.requestSubmit();
      else form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });

  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' || event.key === 'Esc') toHost({ type: 'close' });
  });

  $('clear').addEventListener('click', clearConversation);
  $('recruiter').addEventListener('click', function () { send(RECRUITER_MESSAGE); });
  var closeButton = $('close');
  closeButton.hidden = !embedded || !hostOrigin;  // without the host's origin it could not close
  closeButton.addEventListener('click', function () { toHost({ type: 'close' }); });
  window.addEventListener('resize', requestResize);

  applyTheme();
  render();
  scrollToEnd();
  toHost({ type: 'ready', relay: relay });
}());
