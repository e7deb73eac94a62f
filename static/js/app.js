// Small enhancements for the <details> menus (platform switcher, user menu). Everything
// works without this script; it only closes menus the way people expect.
(function () {
  "use strict";
  var menus = function () { return document.querySelectorAll("details.menu"); };

  // Opening one menu closes the others.
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!opened.matches || !opened.matches("details.menu") || !opened.open) return;
    menus().forEach(function (menu) { if (menu !== opened) menu.open = false; });
  }, true);

  // Escape closes the open menu and returns focus to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    menus().forEach(function (menu) {
      if (!menu.open) return;
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });

  // A click outside closes open menus.
  document.addEventListener("click", function (event) {
    menus().forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  });
})();
