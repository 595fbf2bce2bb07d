/* The research workspace's small scripts: a static file, since the CSP forbids inline script.
   - the error summary of a change form takes the focus, so the first thing read is what to fix;
   - "Preview" beside a Markdown text box shows it rendered by the server (EpisodeAdmin);
   - the add form of a designation shows the person and vessel sections only for that kind;
   - the admin's autocomplete boxes (select2) are named by their field's label;
   - a jump (contents, error summary, address with #…) into a folded section unfolds it. */
"use strict";
(function () {
  function ready(callback) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", callback);
    else callback();
  }

  function focusErrorSummary() {
    const summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  }

  function markdownPreviews() {
    for (const button of document.querySelectorAll(".markdown-preview-button")) {
      const box = document.getElementById(button.dataset.previewFor);
      const output = document.getElementById(button.getAttribute("aria-controls"));
      const token = button.form && button.form.querySelector("[name=csrfmiddlewaretoken]");
      if (!box || !output || !token) continue;
      button.hidden = false;
      button.addEventListener("click", async function () {
        const body = new FormData();
        body.append("csrfmiddlewaretoken", token.value);
        body.append("text", box.value);
        output.hidden = false;
        output.textContent = "Rendering the preview…";
        try {
          const response = await fetch(button.dataset.previewUrl, {
            method: "POST", body: body, credentials: "same-origin",
          });
          if (!response.ok) throw new Error(response.status);
          // Sanitised on the server by the same filter as the public pages.
          output.innerHTML = await response.text();
        } catch (error) {
          output.textContent = "The preview could not be rendered (" + error.message + ").";
        }
      });
    }
  }

  function sectionsByKind() {
    const kind = document.getElementById("id_kind");
    if (!kind || !document.body.classList.contains("model-designation")) return;
    const sections = document.querySelectorAll("fieldset.kind-individual, fieldset.kind-vessel");
    function show() {
      for (const section of sections) {
        const own = section.classList.contains("kind-" + kind.value);
        // The inline's whole group (heading and add link), or the fieldset itself.
        const box = section.closest(".inline-group") || section;
        box.hidden = !own;
      }
    }
    kind.addEventListener("change", show);
    show();
  }

  // select2 names its box after the current choice only, so an empty box has no name at all.
  function nameAutocompletes() {
    for (const select of document.querySelectorAll("select.admin-autocomplete")) {
      const label = select.id && document.querySelector('label[for="' + select.id + '"]');
      const box = select.parentElement.querySelector(".select2-selection[role=combobox]");
      const name = label ? label.textContent.replace(/:\s*$/, "").trim() : select.getAttribute("aria-label");
      if (!box || !name) continue;
      if (label && !label.id) label.id = select.id + "_label";
      const rendered = box.querySelector(".select2-selection__rendered");
      if (label) {
        box.setAttribute("aria-labelledby", label.id + (rendered && rendered.id ? " " + rendered.id : ""));
      } else {
        box.setAttribute("aria-label", name);
      }
      if (rendered) rendered.setAttribute("aria-label", name);
    }
  }

  // After the admin's own autocomplete.js, which starts select2 in a jQuery ready handler: one
  // queued after it runs after it.
  if (window.django && window.django.jQuery) window.django.jQuery(nameAutocompletes);
  document.addEventListener("formset:added", function () { setTimeout(nameAutocompletes, 0); });

  function unfold(id) {
    const target = id && document.getElementById(id);
    if (!target) return;
    for (let d = target.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
    const inner = target.querySelector("details");
    if (inner && target.classList.contains("inline-group")) inner.open = true;
  }

  function unfoldOnJump() {
    document.addEventListener("click", function (event) {
      const link = event.target.closest('a[href^="#"]');
      if (link) unfold(decodeURIComponent(link.getAttribute("href").slice(1)));
    });
    if (location.hash) unfold(decodeURIComponent(location.hash.slice(1)));
  }

  ready(function () {
    unfoldOnJump();
    focusErrorSummary();
    markdownPreviews();
    sectionsByKind();
  });
})();
