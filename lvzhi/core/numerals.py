"""Numbers as a Chinese office writes them in words."""

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """0–99 in Chinese numerals, as a term, a congress or a share is counted (三, 十, 十二,
    二十五: 第三届, 第十二次, 三分之二); other numbers in digits."""
    if not 0 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
