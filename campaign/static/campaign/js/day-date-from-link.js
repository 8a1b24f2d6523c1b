// "Écrire cette journée" (the campaign's calendar) opens a new day's form
// with ?date= in its address, already written the way the admin's date
// field expects (WAGTAIL_DATE_FORMAT): put it in the empty date field, so
// the title and the date picker start from that day.
document.addEventListener("DOMContentLoaded", () => {
  const date = new URLSearchParams(window.location.search).get("date");
  const input = document.querySelector('form input[name="date"]');
  if (!date || !input || input.value || !/^[0-9/.-]{8,10}$/.test(date)) {
    return;
  }
  input.value = date;
  input.dispatchEvent(new Event("change", { bubbles: true }));
});
