"""Filter, score, rank and compare devices: pure functions that return result objects.

The modules read in one direction: `facts` (numbers out of claims) ← `criteria` (what a
ranking weighs) ← `results` (what commands return) ← `safety` (conditions) ← `listing`
(list, show, sources; argument checks) ← `cost` (cost of ownership), `plan` (routines),
`uncertainty`, `rank` ← `compare`; `chart` reads `criteria` and `facts`, `fields` only the
field registry. A name is imported from the module that defines it
(`from microcompare.engine.rank import rank_devices`), so a command loads only the modules
it uses (see `microcompare.startup`).
"""
