// Progressive enhancement for a checkbox list with a filter box (the consent's 共有先): hides the entries that do not match
// while typing. Without JavaScript the 「絞り込む」 button does the same on the server. Ticked entries always stay visible.
(function () {
  "use strict";
  function key(text) {
    // Width, case, katakana/hiragana and spaces do not matter, as in the server's search keys.
    return (text || "").normalize("NFKC").toLowerCase().replace(/[\s・･]/g, "")
      .replace(/[\u30a1-\u30f6]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x60); });
  }
  document.querySelectorAll("[data-filter-list]").forEach(function (list) {
    var input = list.querySelector("[data-filter-input]");
    var count = list.querySelector("[data-filter-count]");
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-filter-text]"));
    if (!input) { return; }
    function apply() {
      var k = key(input.value);
      var shown = 0;
      items.forEach(function (item) {
        var box = item.querySelector("input[type=checkbox]");
        var visible = k === "" || (box && box.checked) || key(item.getAttribute("data-filter-text")).indexOf(k) >= 0;
        item.hidden = !visible;
        if (visible) { shown++; }
      });
      if (count) { count.textContent = shown + "件を表示しています(全" + items.length + "件)。チェックした機関は絞り込んでも表示されます。"; }
    }
    input.addEventListener("input", apply);
    // Enter in the filter box narrows the list instead of recording the consent.
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); apply(); } });
  });
}());
