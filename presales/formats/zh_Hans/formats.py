# Amounts in CNY read best grouped by thousands (¥1,200,000); Django's zh_Hans formats do not
# group. Everything not set here falls back to Django's zh_Hans formats.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
DECIMAL_SEPARATOR = "."
