// Reply templates: choosing one fills the answer box ({đơn vị} becomes the unit's name). No inline code (CSP).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-template-target]").forEach(function (select) {
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var target = document.getElementById(select.dataset.templateTarget);
      if (!option || !option.dataset.body || !target) { return; }
      if (target.value.trim() && !window.confirm("Thay nội dung đang soạn bằng mẫu này?")) { return; }
      target.value = option.dataset.body.split("{đơn vị}").join(select.dataset.unit || "Đơn vị");
      target.focus();
    });
  });
});
