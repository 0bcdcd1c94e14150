// The assessor's visit form, offline first. On submit the form gets an id of its own (clientId) and is sent to the JSON
// API; with no connection it is kept in this phone's localStorage and sent when the connection returns (the "online"
// event, or the next page load). The server stores a form sent twice once, so a resend after a lost answer is harmless.
// A form the server refuses (a bad value) is submitted normally instead, so the page shows why at the form.
(function () {
  'use strict';
  var QUEUE = 'jingzhun.assessment.queue';

  function load() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || '[]') || []; } catch (e) { return []; }
  }
  function store(items) {
    try { localStorage.setItem(QUEUE, JSON.stringify(items)); } catch (e) { /* storage full or blocked: nothing more to do */ }
    showCount(items.length);
  }
  function showCount(n) {
    var note = document.getElementById('queued-note');
    var count = document.getElementById('queued-count');
    if (count) count.textContent = String(n);
    if (note) note.hidden = n === 0;
  }

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    // Plain-HTTP pages have no randomUUID: a version-4 id from getRandomValues.
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function put(url, body) {
    return fetch(url, {
      method: 'PUT', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(body)
    });
  }

  function radio(form, name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : null;
  }
  function yesNo(form, name) {
    var v = radio(form, name);
    return v === null ? null : v === 'true';
  }

  function bodyOf(form) {
    var income = form.elements['Form.PerCapitaIncome'].value.trim();
    var notes = form.elements['Form.Notes'].value;
    return {
      clientId: form.elements['Form.ClientId'].value,
      visitedOn: form.elements['Form.VisitedOn'].value || null,
      perCapitaIncome: income === '' || isNaN(Number(income)) ? null : Number(income),
      foodAndClothing: yesNo(form, 'Form.FoodAndClothing'),
      education: yesNo(form, 'Form.Education'),
      medical: yesNo(form, 'Form.Medical'),
      housing: yesNo(form, 'Form.Housing'),
      water: yesNo(form, 'Form.Water'),
      recognition: radio(form, 'Form.Recognition'),
      notes: notes === '' ? null : notes
    };
  }

  function queue(form, body) {
    var items = load().filter(function (i) { return i.url !== form.dataset.api; }); // the newest form of a household wins
    items.push({ url: form.dataset.api, sample: form.dataset.sample, body: body, savedAt: new Date().toISOString() });
    store(items);
    var message = document.getElementById('offline-saved');
    if (message) message.hidden = false;
  }

  // Sends what waits on this phone; keeps what could not be sent (no connection, signed out, a server error).
  var flushing = false;
  function flush() {
    if (flushing || navigator.onLine === false) return;
    var items = load();
    if (items.length === 0) { showCount(0); return; }
    flushing = true;
    var kept = [];
    var chain = Promise.resolve();
    items.forEach(function (item) {
      chain = chain.then(function () {
        return put(item.url, item.body).then(function (response) {
          // Stored, or refused for good (a bad value, another's sample, a closed project): not sent again.
          if (!(response.ok || (response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 408 && response.status !== 429)))
            kept.push(item);
        }, function () { kept.push(item); });
      });
    });
    chain.then(function () {
      flushing = false;
      // Forms queued while this ran are kept too.
      var now = load().filter(function (i) { return items.indexOf(i) < 0 && !items.some(function (s) { return s.url === i.url && s.savedAt === i.savedAt; }); });
      store(kept.concat(now));
      if (kept.length === 0) {
        var message = document.getElementById('offline-saved');
        if (message) message.hidden = true;
      }
    });
  }

  var form = document.getElementById('assessment-form');
  if (form && window.fetch) {
    form.addEventListener('submit', function (event) {
      if (!form.reportValidity()) return;
      event.preventDefault();
      var id = form.elements['Form.ClientId'];
      if (!id.value) id.value = uuid();
      var body = bodyOf(form);
      if (navigator.onLine === false) { queue(form, body); return; }
      put(form.dataset.api, body).then(function (response) {
        if (response.ok) { window.location.assign(window.location.pathname + '?saved=true'); return; }
        // Refused: the normal post shows the reason at the form (the same clientId, so nothing is stored twice).
        form.submit();
      }, function () { queue(form, body); });
    });
  }

  window.addEventListener('online', flush);
  showCount(load().length);
  flush();
})();
