"""Text: every word an officer or a reader sees, and numbers, money and dates in their language.

Beside the stages: any stage may use it, and it uses none of them.
"""
