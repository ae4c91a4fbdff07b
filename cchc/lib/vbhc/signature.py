"""Signature block (TM./KT./TL./TUQ./Q. + post + name) and the "Nơi nhận" list."""

from __future__ import annotations

import re

from .doctypes import TYPE_BY_FOLDED
from .lists import clean_item
from .model import Signature
from .names import can_start_body, title_prefix_len
from .text import UPPER_CHARS, Line, fold, is_caps

__all__ = ["SignatureBlock", "esign_signer", "find_cc", "find_nn_line", "find_signature"]

_U = re.escape(UPPER_CHARS)
# Authority prefixes as printed: "TM.", "T/M", "KT.", "KT" (no dot), "TL.", "TUQ.", "Q." …
_PREFIX_TOKEN_RE = re.compile(r"^(?:TM|T/M|T\.M|KT|K/T|K\.T|TL|T/L|T\.L|TUQ|T/UQ|TUQ\.|Q)[.,]?$")
_NN_RE = re.compile(r"^[\s*|_]{0,4}n[oơ]i\s{0,2}nh[aâ]n\b")
_PREFIX_HINT_RE = re.compile(r"(?<![\w/.])(?:TM|T/M|T\.M|KT|K/T|K\.T|TL|T/L|T\.L|TUQ|T/UQ|Q)[.,]?\s")
_NAME_TOKEN_RE = re.compile(r"^[" + _U + r"](?:[^\W\d_]|['’-](?=[^\W\d_])){0,16}\.?$")
# Ranks and degrees printed before some signers' names (armed forces, health, education).
_RANK_RE = re.compile(
    r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s(?:tướng|tá|úy|uý)|(?:PGS|GS)\.?\s?TS\.?|TS\.|ThS\.|BS\.|BSCKII\.?"
    r"|Bác sĩ|Dược sĩ|Kỹ sư|Luật sư|Nhà giáo ưu tú|Nghệ sĩ nhân dân)\s+"
)
_NOTE_RE = re.compile(r"\([^()]{0,40}\)|\[[^\[\]]{0,40}\]|\s[-–]\s{0,2}(?:Đã|đã)\s{1,2}ký\b.*$")
_ESIGN_RE = re.compile(r"^(?:người ký|ký bởi|người ký số)\s{0,2}:\s{0,3}", re.IGNORECASE)
_NOT_NAMES = frozenset(
    {
        "nhu tren",
        "noi nhan",
        "da ky",
        "ky ten",
        "trang",
        "luu",
        "phu luc",
        "tran trong",
        "ha noi",
    }
)
_NON_NAME_CAPS = ("phu luc", "danh muc", "bang ", "mau ", "bieu ", "quy che", "quy dinh", "huong dan", "ke hoach")


class SignatureBlock:
    """The parsed block and where it lies."""

    __slots__ = ("signature", "start", "end")

    def __init__(self, signature: Signature, start: int | None, end: int | None) -> None:
        self.signature = signature
        self.start = start
        self.end = end


def _is_prefix_token(tok: str, nxt: str | None) -> bool:
    if not _PREFIX_TOKEN_RE.match(tok):
        return False
    if tok == "Q" or tok in ("KT", "TL", "TM") and nxt is None:
        return False
    if nxt is None:
        return False
    core = nxt.strip(".,;:")
    return bool(core) and is_caps(core)


def _prefix_position(text: str) -> int | None:
    """Character position of the first authority prefix token in a line, None if none."""
    if _PREFIX_HINT_RE.search(text) is None:
        return None
    toks = text.split()
    pos = 0
    for i, tok in enumerate(toks[:40]):
        k = text.find(tok, pos)
        pos = k + len(tok)
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if _is_prefix_token(tok, nxt):
            return k
    return None


def _is_name(text: str) -> bool:
    t = text.strip(" .,;*")
    rank = _RANK_RE.match(t)
    if rank is not None:
        t = t[rank.end() :]
    toks = t.split()
    if not 2 <= len(toks) <= 6 or len(t) > 50:
        return False
    if fold(t) in _NOT_NAMES:
        return False
    caps = 0
    for tok in toks:
        if not _NAME_TOKEN_RE.match(tok):
            return False
        if len(tok) > 1 and is_caps(tok):
            caps += 1
    return caps == 0


def _is_caps_name(text: str) -> bool:
    t = text.strip(" .,;*")
    toks = t.split()
    if not 2 <= len(toks) <= 5 or not is_caps(t):
        return False
    low = fold(t)
    if title_prefix_len(low) or can_start_body(low) or low in TYPE_BY_FOLDED or low.startswith(_NON_NAME_CAPS):
        return False
    return all(_NAME_TOKEN_RE.match(tok.capitalize()) for tok in toks)


def _auth_incomplete(auth: str) -> bool:
    toks = auth.split()
    rest = fold(" ".join(toks[1:])) if toks else ""
    if not rest:
        return True
    return rest in {
        "uy",
        "uy ban",
        "uy ban nhan",
        "hoi dong",
        "hoi dong nhan",
        "ban",
        "ban thuong",
        "ban chap",
        "ban chi",
        "tong",
        "pho",
        "chu",
        "bo",
    } or rest.endswith((" va", " nhan", "-", " cuc"))


def _split_flat(auth: str) -> tuple[str, str | None]:
    """Split "KT. TỔNG GIÁM ĐỐC PHÓ TỔNG GIÁM ĐỐC" into authority and position."""
    toks = auth.split()
    if len(toks) < 3:
        return auth, None
    prefix = fold(toks[0]).strip(".,")
    words = toks[1:]
    for k in range(1, len(words)):
        tail = fold(" ".join(words[k:]))
        n = title_prefix_len(tail)
        if n == 0:
            continue
        if n != len(words) - k:
            continue
        first = fold(words[k])
        if prefix in ("kt", "k/t", "k.t") and first not in ("pho", "thu"):
            continue
        head_low = fold(" ".join(words[:k]))
        if prefix in ("tm", "t/m", "t.m") and title_prefix_len(head_low) == k:
            # "TM. CHỦ TỊCH PHÓ CHỦ TỊCH" is not a collective; keep looking
            pass
        return " ".join([toks[0], *words[:k]]), " ".join(words[k:])
    return auth, None


def _parse_segment(seg: str) -> tuple[list[str], str | None, str | None]:
    """Split a line into authority groups, a leading caps group and a trailing name."""
    toks = seg.split()
    # trailing name (Title-case words after caps words)
    name_toks: list[str] = []
    while toks and _NAME_TOKEN_RE.match(toks[-1]) and not (len(toks[-1]) > 1 and is_caps(toks[-1])):
        name_toks.insert(0, toks.pop())
    name = " ".join(name_toks) if len(name_toks) >= 2 and _is_name(" ".join(name_toks)) else None
    if name is None:
        toks = seg.split()
    groups: list[str] = []
    lead: list[str] = []
    cur: list[str] | None = None
    for i, tok in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if _is_prefix_token(tok, nxt):
            if cur is not None:
                groups.append(" ".join(cur))
            cur = [tok]
        elif cur is not None:
            cur.append(tok)
        else:
            lead.append(tok)
    if cur is not None:
        groups.append(" ".join(cur))
    lead_s = " ".join(lead) if lead else None
    return groups, lead_s, name


def _candidates(lines: list[Line], start: int, end: int) -> list[tuple[int, str, int]]:
    """(line index, kind, char position) of authority lines and bare post lines."""
    out: list[tuple[int, str, int]] = []
    for ln in lines[start:end]:
        if ln.kind != "text" or len(ln.text) > 160:
            continue
        p = _prefix_position(ln.text)
        if p is not None:
            before = ln.text[:p].strip(" |*:;—–-")
            if p == 0 or not before or _NN_RE.match(ln.low) or before.endswith(("nhận", "nhan")):
                out.append((ln.index, "auth", p))
                continue
        if len(ln.text) <= 80 and is_caps(ln.text) and len(ln.text.split()) <= 8:
            low = fold(ln.text)
            n = title_prefix_len(low)
            if n and not any(c.isdigit() for c in ln.text):
                out.append((ln.index, "pos", 0))
    return out


def find_nn_line(lines: list[Line], start: int) -> int | None:
    for ln in lines[start:]:
        if ln.kind == "text" and _NN_RE.match(ln.low):
            return ln.index
    return None


def _has_name_after(lines: list[Line], idx: int, span: int = 8) -> bool:
    for ln in lines[idx + 1 : idx + 1 + span]:
        if ln.kind == "text" and _is_name(ln.text):
            return True
    return False


def esign_signer(lines: list[Line]) -> str | None:
    """The person named by a digital-signature stamp ("Người ký: Nguyễn Văn A"), if any."""
    n = len(lines)
    for ln in [*lines[:20], *lines[max(20, n - 20) :]]:
        if ln.kind != "text":
            continue
        m = _ESIGN_RE.match(ln.text)
        if m is not None:
            name = ln.text[m.end() :].split(",")[0].strip(" .")
            if _is_name(name):
                return name
    return None


def find_signature(lines: list[Line], body_start: int, nn_idx: int | None) -> SignatureBlock:
    n = len(lines)
    if nn_idx is not None:
        # the block sits next to "Nơi nhận"; an appendix after it may be long
        cands = _candidates(lines, max(body_start, nn_idx - 30), min(n, nn_idx + 50))
        if not cands:
            cands = _candidates(lines, body_start, n)
    else:
        cands = _candidates(lines, body_start, n)
    if not cands:
        return SignatureBlock(Signature(), None, None)
    chosen: tuple[int, str, int] | None = None
    if nn_idx is not None:
        after = [c for c in cands if nn_idx <= c[0] <= nn_idx + 45 and (c[1] == "auth" or _has_name_after(lines, c[0]))]
        before = [c for c in cands if nn_idx - 25 <= c[0] < nn_idx and (c[1] == "auth" or _has_name_after(lines, c[0]))]
        if after:
            chosen = after[0]
        elif before:
            chosen = before[0]
    if chosen is None:
        end_mark = None
        for ln in lines[body_start:]:
            if ln.kind == "text" and ("./." in ln.text or ln.text.endswith("/.")):
                end_mark = ln.index
        pool = [c for c in cands if end_mark is None or c[0] > end_mark]
        auths = [c for c in pool if c[1] == "auth"]
        poss = [c for c in pool if c[1] == "pos" and _has_name_after(lines, c[0], 6)]
        if auths:
            chosen = auths[0]
        elif poss:
            chosen = poss[0]
    if chosen is None:
        return SignatureBlock(Signature(), None, None)
    return _parse_block(lines, chosen, nn_idx)


def _parse_block(lines: list[Line], chosen: tuple[int, str, int], nn_idx: int | None) -> SignatureBlock:
    idx, _kind, pos = chosen
    sig = Signature()
    authority: list[str] = []
    position: str | None = None
    signer: str | None = None
    skipped = 0
    last = idx
    n = len(lines)
    j = idx
    first = True
    while j < n and j <= idx + 24:
        ln = lines[j]
        if ln.kind != "text":
            j += 1
            continue
        if not first and nn_idx is not None and j == nn_idx and idx < nn_idx:
            break
        seg = (ln.text[pos:] if first else ln.text)[:300]
        seg = _NOTE_RE.sub(" ", seg).strip()  # "(Đã ký)", "[daky]", "- Đã ký"
        first = False
        if not seg:
            j += 1
            continue
        if seg[:1] in "-–+•" and not is_caps(seg):
            # a "Nơi nhận" entry sharing the line with the signature column (OCR of two columns)
            tail = _tail_caps(seg)
            if tail is None:
                j += 1
                continue
            seg = tail
        groups, lead, name = _parse_segment(seg)
        if not groups and lead and name is None and len(lead.split()) == 1 and _NAME_TOKEN_RE.match(lead):
            # a name broken over two lines ("**Vũ" / "Chiến Thắng**")
            nxt = _next_text_line(lines, j)
            if nxt is not None and not is_caps(lead) and _is_name(lead + " " + nxt.text):
                signer = lead + " " + nxt.text.strip(" .,;*")
                last = nxt.index
                break
        handled = False
        if groups:
            for g in groups:
                if authority and _auth_incomplete(authority[-1]):
                    authority[-1] = authority[-1] + " " + g
                else:
                    authority.append(g)
            handled = True
        if lead and not groups:
            low = fold(lead)
            if is_caps(lead):
                if authority and position is None and (_auth_incomplete(authority[-1]) or not title_prefix_len(low)):
                    authority[-1] = authority[-1] + " " + lead
                    handled = True
                elif position is None and title_prefix_len(low):
                    position = lead
                    handled = True
                elif position is not None and signer is None:
                    if title_prefix_len(low) and len(lead.split()) <= 8:
                        position = position + " " + lead
                        handled = True
                    elif len(lead.split()) <= 2 and not _is_caps_name(lead):
                        position = position + " " + lead
                        handled = True
                    elif _is_caps_name(lead):
                        signer = lead
                        last = j
                        break
                    else:
                        break
                else:
                    break
            elif _is_name(lead):
                signer = lead
                last = j
                break
        if name is not None:
            signer = name
            last = j
            break
        if handled:
            last = j
            skipped = 0
        else:
            skipped += 1
            if skipped > 8 or len(ln.text) > 120:
                break
        j += 1
    if position is None and authority:
        a, p = _split_flat(authority[-1])
        if p is not None:
            authority[-1] = a
            position = p
        elif authority[-1].startswith("Q.") and signer is not None:
            position = authority.pop()  # "Q. CHỦ TỊCH" (acting) is the signer's own post
    if position is None and authority and len(authority) >= 1:
        # "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG" without a separate post line: nothing more to read
        pass
    sig.authority = [" ".join(a.split()) for a in authority]
    sig.position = " ".join(position.split()) if position else None
    sig.signer = " ".join(signer.split()) if signer else None
    return SignatureBlock(sig, idx, last)


def _next_text_line(lines: list[Line], j: int) -> Line | None:
    for ln in lines[j + 1 : j + 4]:
        if ln.kind == "text":
            return ln
    return None


def _tail_caps(seg: str) -> str | None:
    toks = seg.split()
    run: list[str] = []
    for tok in reversed(toks):
        core = tok.strip(".,;:")
        if core and is_caps(core) and not any(c.isdigit() for c in core) and "/" not in core:
            run.append(tok)
        else:
            break
    run.reverse()
    if len(run) >= 2 and title_prefix_len(fold(" ".join(run))):
        return " ".join(run)
    return None


def find_cc(lines: list[Line], nn_idx: int, sig_start: int | None) -> tuple[list[str], int]:
    """The "Nơi nhận" entries (without "-" and the final ";"/"."), and the last line used."""
    ln = lines[nn_idx]
    text = ln.text[:2000]
    m = re.match(r"^[\s*|_]{0,4}\S+\s{0,2}\S+\s{0,2}:?", text)
    rest = text[m.end() :] if m else ""
    p = _prefix_position(rest)
    if p is not None:
        rest = rest[:p]
    items: list[str] = []
    rest = rest.strip(" *")
    if rest:
        for part in re.split(r"(?:^|\s)[-–+•]\s", rest):
            part = part.strip()
            if part:
                items.append(part)
    last = nn_idx
    j = nn_idx + 1
    sep = False
    n = len(lines)
    while j < n and len(items) < 80:
        cur = lines[j]
        if sig_start is not None and j == sig_start and sig_start > nn_idx:
            break
        if cur.kind != "text":
            if cur.kind == "pipe" and items:
                break
            sep = True
            j += 1
            if j - last > 6:
                break
            continue
        t = cur.text[:600]
        if _prefix_position(t) == 0:
            break
        if t[:1] in "-–+•":
            # cut the signature column glued to the entry ("- Như trên; — PHO TONG CUC TRUONG")
            tail = _tail_caps(t)
            if tail is not None and t.endswith(tail) and len(tail) < len(t) - 2:
                t = t[: len(t) - len(tail)].rstrip(" —–-")
            p2 = _prefix_position(t)
            if p2 is not None and p2 > 0:
                t = t[:p2]
            items.append(t)
        elif items:
            prev = items[-1].rstrip()
            low = cur.low
            if sep or prev.endswith((";", ".")) or is_caps(t) and title_prefix_len(low):
                break
            if len(t) > 100:
                break
            items[-1] = prev + " " + t
        else:
            break
        sep = False
        last = j
        j += 1
    out = [clean_item(it) for it in items]
    return [o for o in out if o], last
