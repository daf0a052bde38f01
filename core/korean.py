"""Korean particles chosen by the word they follow, so messages built from a
label read naturally ("목표는 정수여야 합니다", "연도는 …") instead of "목표은(는)".

    josa("목표", "은/는") → "목표는"    josa("행사일", "은/는") → "행사일은"
    josa("채널", "이/가") → "채널이"    josa("서울시", "을/를") → "서울시를"

The choice follows the final consonant (받침) of the last Hangul syllable,
ignoring closing quotes and brackets; (으)로 also treats a final ㄹ as open.
A word that does not end in Hangul gets both forms ("ABC을(를)").
"""

_PAIRS = {
    "은/는": ("은", "는"),
    "이/가": ("이", "가"),
    "을/를": ("을", "를"),
    "과/와": ("과", "와"),
    "으로/로": ("으로", "로"),
}
_CLOSERS = "’'\")]}」』 "
_DIGIT_BATCHIM = {
    "0": True,
    "1": True,
    "2": False,
    "3": True,
    "4": False,
    "5": False,
    "6": True,
    "7": True,
    "8": True,
    "9": False,
}  # 영 일 이 삼 사 오 육 칠 팔 구


def _final(word: str) -> int | None:
    """The final consonant index of the word's last syllable (0 = none), or None."""
    tail = word.rstrip(_CLOSERS)
    if not tail:
        return None
    last = tail[-1]
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28
    if last in _DIGIT_BATCHIM:
        # 1 → 일 (ㄹ = 8), 3 → 삼, 0 → 영 …: good enough for counts and years.
        return {"1": 8, "7": 8, "8": 8}.get(last, 1) if _DIGIT_BATCHIM[last] else 0
    return None


def josa(word: str, pair: str) -> str:
    """`word` followed by the right particle of `pair` ("은/는", "이/가", "을/를", "과/와", "으로/로")."""
    closed, open_ = _PAIRS[pair]
    final = _final(word)
    if final is None:
        return f"{word}{closed}({open_})" if pair != "으로/로" else f"{word}(으)로"
    if pair == "으로/로":
        return word + ("로" if final in (0, 8) else "으로")
    return word + (closed if final else open_)
