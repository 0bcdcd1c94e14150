// The export job page: polls the job's JSON status every second and moves the progress bar, then shows the download
// link (or the error) when the job ends. Without JavaScript the page's <noscript> refresh does the same, more slowly.
(function () {
  'use strict';
  var section = document.getElementById('export-job');
  if (!section || section.getAttribute('data-working') !== '1') return;
  var url = section.getAttribute('data-status');
  function set(id, text) { var e = document.getElementById(id); if (e) e.textContent = String(text); }
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (s) {
        var bar = document.getElementById('job-progress');
        if (bar) { bar.max = Math.max(1, s.total); bar.value = s.written; bar.textContent = s.percent + '%'; }
        set('job-written', s.written);
        set('job-total', s.total);
        set('job-state', s.stateText);
        if (s.download) { document.getElementById('job-ready').hidden = false; return; }
        if (s.error) { set('job-error', s.error); document.getElementById('job-error').hidden = false; return; }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
