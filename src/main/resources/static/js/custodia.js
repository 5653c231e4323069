// Custodia staff UI: small progressive enhancements. The pages work without this file.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  // A select marked data-autosubmit (the purpose switcher) submits its form as soon as it changes.
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute('data-autosubmit') && target.form) {
      if (typeof target.form.requestSubmit === 'function') {
        target.form.requestSubmit();
      } else {
        target.form.submit();
      }
    }
  });
})();
