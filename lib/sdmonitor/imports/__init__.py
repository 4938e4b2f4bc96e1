"""Importing real data into an input folder: iJw/iWmo 3.2 messages (`istandaard`) and CBS open
data (`cbs`). One module per concern: `xsd` (schemas), `berichten` (reading one message),
`pseudonym` (BSN -> client_id), `ledger` (what a folder remembers), `tables` (appending rows),
`istandaard` (a batch), `cbs` (StatLine/KWB)."""
