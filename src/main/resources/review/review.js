// Ledgerlens review: highlight a field's word boxes on the page while its input has focus; keys s save, a approve, n next.
document.addEventListener('focusin', function (event) {
  var field = event.target.getAttribute && event.target.getAttribute('data-field');
  document.querySelectorAll('rect.box').forEach(function (box) {
    box.classList.toggle('active', field !== null && box.getAttribute('data-field') === field);
  });
});
document.addEventListener('keydown', function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest('input, select, textarea')) return;
  var control = document.getElementById({s: 'save', a: 'approve', n: 'next'}[event.key] || '');
  if (control) { event.preventDefault(); control.click(); }
});
