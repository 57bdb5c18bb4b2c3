// Site-wide behaviour. htmx swaps 4xx answers too: they carry the form with its error message.
htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "4..", swap: true, error: false },
  { code: "...", swap: false, error: true },
];
