"""The format: what a briefing and a registry may hold, the rules, the published
addresses, and the plain data every later stage passes on. Imports nothing above it.
"""
