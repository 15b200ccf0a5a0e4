// Starts the app. A file rather than an inline script, so that the page works under the
// server's Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval').
import init from '/app.js';

init({ module_or_path: '/app_bg.wasm' }).catch(function (err) {
  var el = document.getElementById('boot-status');
  if (el) {
    el.textContent = 'Không tải được ứng dụng. Hãy tải lại trang; nếu vẫn lỗi, hãy dùng trình duyệt mới hơn hoặc báo cho quản trị viên.';
    el.className = 'error';
    el.setAttribute('role', 'alert');
  }
  console.error(err);
});
