# Every function and constant of textutil (cmod/textutil/textutil.pym) on good arguments:
# positional and keyword arguments, defaults, and the edge cases of each C body.
# A failed check raises AssertionError, which makes the interpreter exit non-zero.
import textutil

checks = 0


def check(label, got, expected):
    global checks
    assert type(got) is type(expected) and got == expected, "%s: got %r, expected %r" % (label, got, expected)
    checks += 1


def check_close(label, got, expected, tolerance=1e-12):
    global checks
    assert type(got) is float and abs(got - expected) <= tolerance, "%s: got %r, expected %r" % (label, got, expected)
    checks += 1


# --- constants
check("VERSION", textutil.VERSION, "1.0")
check("HEX_LIMIT", textutil.HEX_LIMIT, 65536)
check("NO_SEPARATOR", textutil.NO_SEPARATOR, None)
check("GOLDEN_RATIO", textutil.GOLDEN_RATIO, 1.618033988749895)
check_close("GOLDEN_RATIO is (1 + 5 ** 0.5) / 2", textutil.GOLDEN_RATIO, (1 + 5 ** 0.5) / 2)
check("WHITESPACE", textutil.WHITESPACE, b" \t\n\r\x0b\x0c")
check("UTF8", textutil.UTF8, True)
check("__name__", textutil.__name__, "textutil")
check("__doc__", textutil.__doc__.startswith("Text and number helpers written in C"), True)

# --- count_words: runs of non-whitespace; every ASCII whitespace byte separates
check("count_words empty", textutil.count_words(""), 0)
check("count_words only spaces", textutil.count_words(" \t\n\r\x0b\x0c "), 0)
check("count_words one", textutil.count_words("word"), 1)
check("count_words padded", textutil.count_words("  hello big  world "), 3)
check("count_words all separators", textutil.count_words("a\tb\nc\rd\x0be\x0cf g"), 7)
check("count_words punctuation is a word", textutil.count_words("a - b"), 3)
check("count_words non-ASCII", textutil.count_words("grüße aus köln"), 3)
check("count_words control bytes are not spaces", textutil.count_words("a\x01b \x00"), 2)
check("count_words keyword", textutil.count_words(text="one two"), 2)

# --- is_palindrome: ignore_case and alnum_only default to True, keyword-only
check("palindrome classic", textutil.is_palindrome("A man, a plan, a canal: Panama"), True)
check("palindrome empty", textutil.is_palindrome(""), True)
check("palindrome one char", textutil.is_palindrome("x"), True)
check("palindrome only punctuation", textutil.is_palindrome("?!, ."), True)
check("palindrome no", textutil.is_palindrome("xyzzy"), False)
check("palindrome text keyword", textutil.is_palindrome(text="level"), True)
check("palindrome case kept", textutil.is_palindrome("Ab", ignore_case=False), False)
check("palindrome case ignored", textutil.is_palindrome("Aba", ignore_case=True), True)
check("palindrome same case kept", textutil.is_palindrome("aBa", ignore_case=False), True)
check("palindrome punctuation counts", textutil.is_palindrome("ab,a", alnum_only=False), False)
check("palindrome spaces symmetric", textutil.is_palindrome("a b a", alnum_only=False), True)
check("palindrome both off", textutil.is_palindrome("Aa", ignore_case=False, alnum_only=False), False)
check("palindrome both off equal", textutil.is_palindrome("a;a", alnum_only=False, ignore_case=False), True)
check("palindrome digits", textutil.is_palindrome("12-3-21"), True)
check("palindrome truthy flags", textutil.is_palindrome("Ab", ignore_case=0), False)
# Bytes of a multi-byte UTF-8 character compare as they are: 'é' is c3 a9, not symmetric.
check("palindrome non-ASCII bytes", textutil.is_palindrome("é"), False)
check("palindrome ASCII against non-ASCII", textutil.is_palindrome("Aé"), False)
check("palindrome non-ASCII around ASCII", textutil.is_palindrome("é.", alnum_only=True), False)

# --- clamp: lo=0.0 and hi=1.0 by default; ints and bools become floats
check("clamp default inside", textutil.clamp(0.25), 0.25)
check("clamp default above", textutil.clamp(3), 1.0)
check("clamp default below", textutil.clamp(-2), 0.0)
check("clamp int becomes float", textutil.clamp(1), 1.0)
check("clamp bool", textutil.clamp(True), 1.0)
check("clamp hi keyword", textutil.clamp(-1, hi=5), 0.0)
check("clamp lo keyword", textutil.clamp(0.5, lo=0.75), 0.75)
check("clamp all keywords", textutil.clamp(x=7, lo=1, hi=5), 5.0)
check("clamp positional", textutil.clamp(2.5, -3, 4), 2.5)
check("clamp at lo", textutil.clamp(-3, -3, 4), -3.0)
check("clamp lo == hi", textutil.clamp(100, 2, 2), 2.0)
check("clamp infinity", textutil.clamp(float("inf"), 0, 10), 10.0)
check("clamp -infinity", textutil.clamp(float("-inf"), -10, 10), -10.0)
nan = textutil.clamp(float("nan"))
check("clamp NaN stays NaN", nan != nan, True)

# --- lerp
check("lerp start", textutil.lerp(2, 10, 0), 2.0)
check("lerp end", textutil.lerp(2, 10, 1), 10.0)
check("lerp quarter", textutil.lerp(0, 10, 0.25), 2.5)
check("lerp extrapolates", textutil.lerp(0, 10, 1.5), 15.0)
check("lerp backwards", textutil.lerp(10, 0, 0.25), 7.5)
check("lerp keywords", textutil.lerp(t=0.5, b=4, a=-4), 0.0)
check_close("lerp fraction", textutil.lerp(1.0, 2.0, 1 / 3), 4 / 3)

# --- gcd: b defaults to 0, signs ignored
check("gcd", textutil.gcd(12, 18), 6)
check("gcd coprime", textutil.gcd(17, 5), 1)
check("gcd default b", textutil.gcd(-7), 7)
check("gcd zero zero", textutil.gcd(0, 0), 0)
check("gcd zero a", textutil.gcd(0, -9), 9)
check("gcd negatives", textutil.gcd(-24, -36), 12)
check("gcd keywords", textutil.gcd(b=4, a=10), 2)
check("gcd bools", textutil.gcd(True, False), 1)
check("gcd larger", textutil.gcd(2 ** 20 * 3, 2 ** 18 * 5), 2 ** 18)

# --- crc32: zlib's CRC-32, continuing from crc (default 0), crc truncated to 32 bits
check("crc32 empty", textutil.crc32(b""), 0)
check("crc32 check value", textutil.crc32(b"123456789"), 0xCBF43926)
check("crc32 a", textutil.crc32(b"a"), 0xE8B7BE43)
check("crc32 fox", textutil.crc32(b"The quick brown fox jumps over the lazy dog"), 0x414FA339)
check("crc32 zeros", textutil.crc32(bytes(4)), 558161692)
check("crc32 continued", textutil.crc32(b"6789", textutil.crc32(b"12345")), 0xCBF43926)
check("crc32 crc keyword", textutil.crc32(b"abc", crc=5), 871334697)
check("crc32 data keyword", textutil.crc32(data=b"a"), 0xE8B7BE43)
check("crc32 crc -1 is 0xffffffff", textutil.crc32(b"abc", -1), 899311407)
check("crc32 empty keeps crc", textutil.crc32(b"", 5), 5)
check("crc32 crc truncated", textutil.crc32(b"", 2 ** 32 + 5), 5)
check("crc32 bytearray", textutil.crc32(bytearray(b"123456789")), 0xCBF43926)
check("crc32 memoryview slice", textutil.crc32(memoryview(b"xx123456789yy")[2:11]), 0xCBF43926)
check("crc32 str is its UTF-8", textutil.crc32("123456789"), 0xCBF43926)

# --- hexlify: lower-case, sep (default None) between bytes
check("hexlify", textutil.hexlify(b"\x01\xab"), "01ab")
check("hexlify empty", textutil.hexlify(b""), "")
check("hexlify all digits", textutil.hexlify(bytes(range(0, 256, 17))), "00112233445566778899aabbccddeeff")
check("hexlify sep", textutil.hexlify(b"\x01\xab\xff", ":"), "01:ab:ff")
check("hexlify sep keyword", textutil.hexlify(b"\x00\x10", sep=" - "), "00 - 10")
check("hexlify sep None", textutil.hexlify(b"\x01\x02", sep=None), "0102")
check("hexlify sep NO_SEPARATOR", textutil.hexlify(b"\x01\x02", textutil.NO_SEPARATOR), "0102")
check("hexlify empty sep", textutil.hexlify(b"\x01\x02", ""), "0102")
check("hexlify one byte with sep", textutil.hexlify(b"\x7f", ":"), "7f")
check("hexlify non-ASCII sep", textutil.hexlify(b"\x01\x02", "·"), "01·02")
check("hexlify bytearray", textutil.hexlify(bytearray(b"AB")), "4142")
check("hexlify str", textutil.hexlify("é"), "c3a9")
long_text = textutil.hexlify(bytes(textutil.HEX_LIMIT))   # exactly the limit is allowed
check("hexlify at the limit", (len(long_text), long_text[:4], long_text[-4:]), (2 * 65536, "0000", "0000"))
del long_text

# --- strip: chars defaults to WHITESPACE
check("strip default", textutil.strip(b"  hi \n"), b"hi")
check("strip every whitespace", textutil.strip(textutil.WHITESPACE + b"x y" + textutil.WHITESPACE), b"x y")
check("strip nothing to strip", textutil.strip(b"abc"), b"abc")
check("strip all", textutil.strip(b"   "), b"")
check("strip empty", textutil.strip(b""), b"")
check("strip chars", textutil.strip(b"xxhixx", b"x"), b"hi")
check("strip chars keyword", textutil.strip(b"-=a=b=-", chars=b"=-"), b"a=b")
check("strip empty chars", textutil.strip(b" a ", b""), b" a ")
check("strip data keyword", textutil.strip(data=b"\ta\t"), b"a")
check("strip bytearray gives bytes", textutil.strip(bytearray(b" a ")), b"a")
check("strip memoryview", textutil.strip(memoryview(b"..a.."), b"."), b"a")
check("strip str gives bytes", textutil.strip(" é "), "é".encode())

# --- ordinal_suffix
for n, suffix in ((0, "th"), (1, "st"), (2, "nd"), (3, "rd"), (4, "th"), (9, "th"), (10, "th"),
                  (11, "th"), (12, "th"), (13, "th"), (14, "th"), (21, "st"), (22, "nd"), (23, "rd"),
                  (100, "th"), (101, "st"), (111, "th"), (112, "th"), (113, "th"), (1002, "nd"),
                  (-1, "st"), (-12, "th"), (-23, "rd"), (True, "st")):
    check("ordinal_suffix(%r)" % n, textutil.ordinal_suffix(n), suffix)
check("ordinal_suffix keyword", textutil.ordinal_suffix(n=42), "nd")

# --- require_range: None when lo <= value <= hi
check("require_range inside", textutil.require_range(5, 0, 10), None)
check("require_range at lo", textutil.require_range(0, 0, 10), None)
check("require_range at hi", textutil.require_range(10, 0, 10), None)
check("require_range negative", textutil.require_range(-5, -10, -1, "offset"), None)
check("require_range keywords", textutil.require_range(value=3, lo=3, hi=3, name="n"), None)

# --- version_info
check("version_info", textutil.version_info(), (1, 0))
check("version_info matches VERSION", ".".join(str(part) for part in textutil.version_info()), textutil.VERSION)

names = sorted(name for name in dir(textutil) if not name.startswith("_"))
check("public names", names, ["GOLDEN_RATIO", "HEX_LIMIT", "NO_SEPARATOR", "UTF8", "VERSION", "WHITESPACE",
                              "clamp", "count_words", "crc32", "gcd", "hexlify", "is_palindrome", "lerp",
                              "ordinal_suffix", "require_range", "strip", "version_info"])

print("textutil values: %d checks passed" % checks)
