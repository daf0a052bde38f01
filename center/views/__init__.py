"""The center's own pages, one module per sub-domain: `dashboard` (front page
and staff dashboard), `organisation` (profile, history, tasks, fiscal years,
positions), `budget` (budget lines and the ledger), `plan` (plan, program
units and indicators). `center.urls` names them."""
