"""The domain rules, pure and testable without a store or a page: the Kampung KB tier rule and what builds on it.

`tier_rule` (constants, values and scores) → `classification` (tiers of profiles, as of a month) → `lift` (the
cheapest way up) → `profile_edits` (writing a lift or a scenario into profiles) → `explanation` (sentences).
"""
