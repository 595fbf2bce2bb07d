// "Copy" buttons for citations: progressive enhancement. Without JavaScript the button stays
// hidden and the citation is plain selectable text.
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  var target = document.getElementById(button.getAttribute("data-copy"));
  if (!target || !navigator.clipboard) {
    return;
  }
  var status = document.getElementById(button.getAttribute("data-copy") + "-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    var text = target.textContent.replace(/\s+/g, " ").trim();
    navigator.clipboard.writeText(text).then(
      function () { if (status) { status.textContent = "Citation copied."; } },
      function () { if (status) { status.textContent = "Could not copy: select the text instead."; } }
    );
  });
});
