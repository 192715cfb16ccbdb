// Indonesian text for Streamlit's English connection messages while a worker restarts.
// nginx adds this script to every page it serves (deploy/nginx.conf.template, sub_filter).
// Streamlit draws these texts itself (status widget "Connecting", dialog "Connection error");
// a MutationObserver replaces them as soon as they appear. Safe to load twice.
(function () {
  if (window.__spmSambungUlang) return;
  window.__spmSambungUlang = true;
  var TEXTS = {
    "Connecting": "Menyambung ulang …",
    "Connecting to Streamlit server": "Menyambung ulang ke server …",
    "Error": "Terputus",
    "Unable to connect to Streamlit server": "Server belum dapat dihubungi",
    "Connection error": "Sambungan terputus",
    "Streamlit server is not responding. Are you connected to the internet?":
      "Server sedang dimulai ulang atau sibuk. Halaman akan tersambung kembali otomatis; " +
      "bila tidak, muat ulang halaman ini.",
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your terminal:":
      "Server sedang dimulai ulang atau sibuk. Halaman akan tersambung kembali otomatis; " +
      "bila tidak, muat ulang halaman ini.",
    "Connection lost. Please wait for the app to reconnect, then try again.":
      "Sambungan terputus. Tunggu hingga dasbor tersambung kembali, lalu coba lagi.",
    "Reconnected to server.": "Tersambung kembali ke server.",
    "Connection timed out.": "Server belum menjawab.",
    "Connection timed out": "Server belum menjawab"
  };
  var PATTERNS = [  // texts with a number in them
    [/^Connection failed with status (\d+)(, and response:|\.)$/,
     "Server sedang dimulai ulang atau sibuk (kode $1). Halaman akan tersambung kembali otomatis."]
  ];
  // short words ("Error") are replaced only inside Streamlit's own status widget and dialogs
  var STREAMLIT_PARTS = '[data-testid="stConnectionStatus"], [role="dialog"], [data-baseweb="tooltip"]';
  function translate(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var text = node.nodeValue.trim();
      if (Object.prototype.hasOwnProperty.call(TEXTS, text) &&
          (text.length > 12 || (node.parentElement && node.parentElement.closest(STREAMLIT_PARTS)))) {
        node.nodeValue = node.nodeValue.replace(text, TEXTS[text]);
        continue;
      }
      for (var p = 0; p < PATTERNS.length; p++) {
        if (PATTERNS[p][0].test(text)) {
          node.nodeValue = node.nodeValue.replace(text, text.replace(PATTERNS[p][0], PATTERNS[p][1]));
        }
      }
    }
    // the dialog's "streamlit run yourscript.py" hint, or the proxy's error page as code, mean
    // nothing to a viewer
    var codes = root.querySelectorAll ? root.querySelectorAll('[role="dialog"] pre') : [];
    for (var i = 0; i < codes.length; i++) {
      var code = codes[i].textContent;
      if (code.indexOf("streamlit run") >= 0 || code.indexOf("<html") >= 0) codes[i].style.display = "none";
    }
  }
  function start() {
    translate(document.body);
    new MutationObserver(function (mutations) {
      for (var i = 0; i < mutations.length; i++) {
        var m = mutations[i];
        if (m.type === "characterData" && m.target.parentNode) translate(m.target.parentNode);
        for (var j = 0; j < m.addedNodes.length; j++) {
          var added = m.addedNodes[j];
          if (added.nodeType === 1) translate(added);
          else if (added.nodeType === 3 && added.parentNode) translate(added.parentNode);
        }
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  }
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
