/*! Careers Assistant widget.
 *
 * Embed:  <script src="https://ASSISTANT/widget.js" data-posting="POSTING-ID" async></script>
 *   data-posting   the posting to answer about; leave it out for careers-wide questions
 *   data-title     the chat's title (default "Careers assistant")
 *   data-color     accent colour, #rgb or #rrggbb (text on it is black or white, whichever reads better)
 *   data-position  "right" (default) or "left"
 *   data-offset    distance in px from the bottom and side edges (default 20), e.g. to clear a footer
 *   data-label     the launcher's text (default "Ask a question")
 *
 * JavaScript API, one global. Calls made before the script has loaded are queued:
 *   window.CareersAssistant = window.CareersAssistant || function () {
 *     (window.CareersAssistant.q = window.CareersAssistant.q || []).push(arguments);
 *   };
 *   CareersAssistant('open');  CareersAssistant('close');  CareersAssistant('ask', 'Is it remote?');
 * Once loaded, CareersAssistant.open(), .close() and .ask(text) work too.
 *
 * The chat runs in an iframe served by the assistant, so no style crosses between it and the page;
 * the launcher lives in a shadow root styled through the CSSOM only (no <style>, no style
 * attribute, no inline script, no eval), so a host CSP that allows this origin in script-src and
 * frame-src is enough. Nothing here throws into the host page.
 *
 * The conversation is kept in the frame's sessionStorage. Where the browser denies a cross-site
 * frame its storage (third-party storage blocked), the frame asks this script to keep it in the
 * page's own sessionStorage instead ("careers-assistant:conversation:<posting>"), so it still
 * survives page loads within the tab; nothing else of the chat is visible to the page.
 */
(function (window, document) {
  'use strict';

  var SOURCE = 'careers-assistant';
  var Z_INDEX = '2147483000';
  var PHONE = '(max-width: 480px)';
  var OPEN_KEY = 'careers-assistant:open';
  var MAX_RELAYED = 200000;  // characters of conversation kept for a frame that cannot store its own

  var previous = window.CareersAssistant;
  if (previous && previous.loaded) return;

  function report(error) {
    try { if (window.console && console.warn) console.warn('[careers-assistant]', error); } catch (e) { /* no console */ }
  }

  function guard(fn) {
    return function () {
      try { return fn.apply(this, arguments); } catch (error) { report(error); }
    };
  }

  function findScript() {
    if (document.currentScript && document.currentScript.src) return document.currentScript;
    var scripts = document.getElementsByTagName('script');
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/\/widget\.js(?:[?#]|$)/.test(scripts[i].src || '')) return scripts[i];
    }
    return null;
  }

  function readStore(key) {
    try { return window.sessionStorage.getItem(key); } catch (e) { return null; }
  }

  function writeStore(key, value) {
    try {
      if (value === null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, value);
    } catch (e) { /* storage blocked: the state lasts for this page only */ }
  }

  /* Set styles through the CSSOM (allowed under a strict style-src), !important against host rules. */
  function css(node, rules) {
    for (var name in rules) {
      if (Object.prototype.hasOwnProperty.call(rules, name)) node.style.setProperty(name, rules[name], 'important');
    }
    return node;
  }

  function textOn(hex) {
    var value = hex.slice(1);
    if (value.length === 3) value = value.replace(/(.)/g, '$1$1');
    var channel = function (i) {
      var c = parseInt(value.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    };
    var l = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
  }

  function settingsFrom(script) {
    var data = script.dataset || {};
    var color = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(data.color || '') ? data.color : '';
    var offset = parseInt(data.offset, 10);
    return {
      posting: (data.posting || '').trim(),
      title: (data.title || '').trim(),
      label: (data.label || '').trim() || 'Ask a question',
      color: color,
      accent: color || '#1d4ed8',
      side: data.position === 'left' ? 'left' : 'right',
      offset: isFinite(offset) && offset >= 0 && offset <= 400 ? offset : 20
    };
  }

  function icon(paths) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '20');
    svg.setAttribute('height', '20');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', paths);
    path.setAttribute('fill', 'currentColor');
    svg.appendChild(path);
    return css(svg, { display: 'block', 'flex-shrink': '0' });
  }

  var CHAT_ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z';
  var CLOSE_ICON = 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z';

  function Widget(script) {
    var src = script.src;
    this.origin = new URL(src, document.baseURI).origin;
    this.base = src.replace(/[?#].*$/, '').replace(/[^/]*$/, '');
    this.settings = settingsFrom(script);
    this.frame = null;
    this.ready = false;
    this.outbox = [];
    this.isOpen = false;
    this.frameHeight = 0;
    this.phone = window.matchMedia ? window.matchMedia(PHONE) : null;
    this.build();
  }

  Widget.prototype.build = function () {
    var s = this.settings;
    var self = this;
    var host = this.host = document.createElement('careers-assistant');
    css(host, {
      all: 'initial', position: 'fixed', width: '0', height: '0', margin: '0', padding: '0', border: '0',
      bottom: '0', right: '0', 'z-index': Z_INDEX, display: 'block', overflow: 'visible'
    });
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;

    var launcher = this.launcher = document.createElement('button');
    launcher.type = 'button';
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-haspopup', 'dialog');
    this.launcherIcon = icon(CHAT_ICON);
    launcher.appendChild(this.launcherIcon);
    this.launcherText = document.createElement('span');
    this.launcherText.textContent = s.label;
    launcher.appendChild(this.launcherText);
    this.shadow = '0 4px 14px rgba(0, 0, 0, 0.28)';
    css(launcher, {
      all: 'initial', position: 'fixed', bottom: s.offset + 'px', display: 'inline-flex', 'align-items': 'center',
      gap: '8px', padding: '12px 18px', 'min-height': '48px', 'box-sizing': 'border-box',
      'border-radius': '999px', border: '0', background: s.accent, color: textOn(s.accent), cursor: 'pointer',
      font: '600 15px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
      'box-shadow': this.shadow, 'z-index': Z_INDEX, 'white-space': 'nowrap'
    });
    launcher.style.setProperty(s.side, s.offset + 'px', 'important');
    launcher.addEventListener('click', guard(function () {
      if (self.isOpen) self.close(true); else self.open(true);
    }));
    launcher.addEventListener('focus', guard(function () {
      var visible = true;
      try { visible = launcher.matches(':focus-visible'); } catch (e) { /* old browser: always show */ }
      if (visible) css(launcher, { 'box-shadow': '0 0 0 3px #ffffff, 0 0 0 6px #111827', outline: '0' });
    }));
    launcher.addEventListener('blur', guard(function () { css(launcher, { 'box-shadow': self.shadow }); }));

    var panel = this.panel = document.createElement('div');
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', s.title || 'Careers assistant');
    panel.id = 'careers-assistant-panel';
    launcher.setAttribute('aria-controls', panel.id);
    css(panel, {
      all: 'initial', position: 'fixed', display: 'none', overflow: 'hidden', 'box-sizing': 'border-box',
      'border-radius': '14px', 'box-shadow': '0 8px 30px rgba(0, 0, 0, 0.3)', 'z-index': Z_INDEX,
      background: this.dark() ? '#15171c' : '#ffffff'
    });
    panel.addEventListener('keydown', guard(function (event) {
      if (event.key === 'Escape' || event.key === 'Esc') self.close(true);
    }));

    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(host);

    window.addEventListener('message', guard(function (event) { self.receive(event); }));
    window.addEventListener('resize', guard(function () { self.layout(); }));
    if (this.phone) {
      var relayout = guard(function () { self.layout(); });
      if (this.phone.addEventListener) this.phone.addEventListener('change', relayout);
      else if (this.phone.addListener) this.phone.addListener(relayout);
    }
  };

  Widget.prototype.dark = function () {
    return !!(window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  };

  Widget.prototype.isPhone = function () { return !!(this.phone && this.phone.matches); };

  Widget.prototype.frameUrl = function () {
    var s = this.settings;
    var params = [['origin', window.location.origin]];
    if (s.posting) params.push(['posting', s.posting]);
    if (s.title) params.push(['title', s.title]);
    if (s.color) params.push(['color', s.color]);
    return this.base + 'widget/frame?' + params.map(function (pair) {
      return encodeURIComponent(pair[0]) + '=' + encodeURIComponent(pair[1]);
    }).join('&');
  };

  Widget.prototype.ensureFrame = function () {
    if (this.frame) return;
    var frame = this.frame = document.createElement('iframe');
    frame.title = this.settings.title || 'Careers assistant chat';
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups ' +
      'allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation');
    frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
    frame.src = this.frameUrl();
    css(frame, { all: 'initial', display: 'block', width: '100%', height: '100%', border: '0', margin: '0' });
    this.panel.appendChild(frame);
  };

  /* Desktop: a panel above the launcher sized to the conversation; phone: the whole viewport. */
  Widget.prototype.layout = function () {
    var s = this.settings;
    var panel = this.panel;
    var launcher = this.launcher;
    if (this.isPhone()) {
      css(panel, {
        top: '0', bottom: '0', left: '0', right: '0', width: '100%', height: '100%',
        'max-height': 'none', 'border-radius': '0'
      });
      css(launcher, { display: this.isOpen ? 'none' : 'inline-flex' });
      return;
    }
    var gap = s.offset + 48 + 12;  // above the launcher
    var maxHeight = Math.max(240, Math.min(640, window.innerHeight - gap - 16));
    var height = this.frameHeight ? Math.max(320, Math.min(this.frameHeight, maxHeight)) : maxHeight;
    css(panel, {
      top: 'auto', bottom: gap + 'px', width: Math.min(380, window.innerWidth - 2 * s.offset) + 'px',
      height: height + 'px', 'max-height': maxHeight + 'px', 'border-radius': '14px'
    });
    panel.style.setProperty(s.side, s.offset + 'px', 'important');
    panel.style.setProperty(s.side === 'left' ? 'right' : 'left', 'auto', 'important');
    css(launcher, { display: 'inline-flex' });
  };

  Widget.prototype.post = function (message) {
    message.source = SOURCE;
    if (this.ready && this.frame && this.frame.contentWindow) {
      this.frame.contentWindow.postMessage(message, this.origin);
    } else {
      this.outbox.push(message);
    }
  };

  Widget.prototype.receive = function (event) {
    if (!this.frame || event.source !== this.frame.contentWindow || event.origin !== this.origin) return;
    var data = event.data;
    if (!data || data.source !== SOURCE) return;
    if (data.type === 'ready') {
      this.ready = true;
      this.relay = data.relay === true;
      var saved = this.relay ? readStore(this.conversationKey()) : null;
      if (saved) this.frame.contentWindow.postMessage({ source: SOURCE, type: 'restore', state: saved }, this.origin);
      var queued = this.outbox.splice(0);
      for (var i = 0; i < queued.length; i++) this.post(queued[i]);
    } else if (data.type === 'save' && this.relay) {
      if (data.state === null) writeStore(this.conversationKey(), null);
      else if (typeof data.state === 'string' && data.state.length <= MAX_RELAYED) writeStore(this.conversationKey(), data.state);
    } else if (data.type === 'close') {
      this.close(true);
    } else if (data.type === 'resize' && typeof data.height === 'number' && isFinite(data.height)) {
      this.frameHeight = data.height;
      if (this.isOpen) this.layout();
    }
  };

  Widget.prototype.conversationKey = function () {
    return 'careers-assistant:conversation:' + (this.settings.posting || '*');
  };

  Widget.prototype.setLauncher = function (open) {
    this.launcher.setAttribute('aria-expanded', String(open));
    var replacement = icon(open ? CLOSE_ICON : CHAT_ICON);
    this.launcher.replaceChild(replacement, this.launcherIcon);
    this.launcherIcon = replacement;
    this.launcherText.textContent = open ? 'Close chat' : this.settings.label;
  };

  /* focus: move keyboard focus into the chat (a person opened it), or leave it where it is (restored). */
  Widget.prototype.open = function (focus) {
    this.ensureFrame();
    if (!this.isOpen) {
      this.isOpen = true;
      css(this.panel, { display: 'block' });
      this.setLauncher(true);
      this.layout();
      writeStore(OPEN_KEY, '1');
    }
    if (focus) {
      this.frame.focus();
      this.post({ type: 'open' });
    }
  };

  Widget.prototype.close = function (focus) {
    if (!this.isOpen) return;
    this.isOpen = false;
    css(this.panel, { display: 'none' });
    this.setLauncher(false);
    this.layout();
    writeStore(OPEN_KEY, null);
    if (focus) this.launcher.focus();
  };

  Widget.prototype.ask = function (text) {
    if (typeof text !== 'string' || !text.trim()) return;
    this.open(true);
    this.post({ type: 'ask', text: text.slice(0, 1000) });
  };

  var widget = null;
  var early = [];

  function call(method, args) {
    if (!widget) { early.push([method, args]); return; }
    if (method === 'open') widget.open(true);
    else if (method === 'close') widget.close(true);
    else if (method === 'ask') widget.ask(args[0]);
    else report('unknown method ' + method);
  }

  var api = guard(function (method) { call(String(method), Array.prototype.slice.call(arguments, 1)); });
  api.open = guard(function () { call('open', []); });
  api.close = guard(function () { call('close', []); });
  api.ask = guard(function (text) { call('ask', [text]); });
  api.loaded = true;
  api.version = '1';

  var queued = previous && (Array.isArray(previous) ? previous : previous.q) || [];
  window.CareersAssistant = api;

  var script = findScript();

  var start = guard(function () {
    if (!script || !script.src) { report('cannot find its own <script> tag'); return; }
    widget = new Widget(script);
    widget.layout();
    if (readStore(OPEN_KEY) === '1' && !widget.isPhone()) widget.open(false);
    for (var i = 0; i < queued.length; i++) {
      var entry = Array.prototype.slice.call(queued[i]);
      api.apply(null, entry);
    }
    var pending = early.splice(0);
    for (var j = 0; j < pending.length; j++) call(pending[j][0], pending[j][1]);
  });

  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
}(window, document));
