"""Matching runs: the engine run as jobs over the open needs and remaining pledges of a region."""
