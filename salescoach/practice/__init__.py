"""A practice call: scenario scripts, the customer, the call's state, the scorecard, rehearsals."""
