"""Algebraic constructions of repeat-free rotations (finite fields, Latin squares).

People are arranged in a grid: row ``s`` is a sector (or a virtual sector),
column ``a`` a field element. Over GF(q), round ``t`` puts member
``j + e_s·t`` of row ``s`` at table ``j`` (``e_s`` distinct field elements).
Two members ``a`` of row ``s1`` and ``b`` of row ``s2`` then meet exactly in
round ``t = (b − a) / (e_s2 − e_s1)``: q rounds with nobody meeting twice and
one person per row at each table (the rows of q − 1 mutually orthogonal Latin
squares). With q rows the rows themselves form one more round: the affine
plane of order q.
"""

from __future__ import annotations

from functools import lru_cache


def prime_power(q: int) -> tuple[int, int] | None:
    """``(p, k)`` with ``q = p**k`` for a prime ``p``, or ``None``."""
    if q < 2:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    k = 0
    while q % p == 0:
        q //= p
        k += 1
    return (p, k) if q == 1 else None


class GaloisField:
    """Arithmetic in GF(q) for a prime power q; elements are the integers 0..q-1.

    An element is the polynomial whose base-p digits are its coefficients;
    multiplication is modulo the first irreducible monic polynomial of degree k.
    """

    def __init__(self, q: int) -> None:
        pk = prime_power(q)
        if pk is None:
            raise ValueError(f"{q} is not a prime power")
        self.q = q
        self.p, self.k = pk
        self.add = [[self._add(a, b) for b in range(q)] for a in range(q)]
        modulus = self._irreducible()
        self.mul = [[self._mul(a, b, modulus) for b in range(q)] for a in range(q)]
        self.neg = [next(b for b in range(q) if self.add[a][b] == 0) for a in range(q)]

    def _digits(self, a: int) -> list[int]:
        return [(a // self.p**i) % self.p for i in range(self.k)]

    def _number(self, digits: list[int]) -> int:
        return sum(d * self.p**i for i, d in enumerate(digits))

    def _add(self, a: int, b: int) -> int:
        return self._number(
            [(x + y) % self.p for x, y in zip(self._digits(a), self._digits(b), strict=True)]
        )

    def _polymul(self, a: list[int], b: list[int]) -> list[int]:
        out = [0] * (len(a) + len(b) - 1)
        for i, x in enumerate(a):
            for j, y in enumerate(b):
                out[i + j] = (out[i + j] + x * y) % self.p
        return out

    def _reduce(self, poly: list[int], modulus: list[int]) -> list[int]:
        poly = poly[:]
        k = len(modulus) - 1
        for i in range(len(poly) - 1, k - 1, -1):
            c = poly[i]
            if c:
                for j in range(k + 1):
                    poly[i - k + j] = (poly[i - k + j] - c * modulus[j]) % self.p
        return (poly + [0] * k)[:k]

    def _irreducible(self) -> list[int]:
        if self.k == 1:
            return [0, 1]
        for low in range(self.p**self.k):
            modulus = self._digits(low) + [1]
            # Irreducible over GF(p) iff no root-free factorisation: check that
            # x has multiplicative order dividing p^k - 1 and the polynomial has
            # no factor of lower degree (brute force: no product of smaller ones).
            if self._is_irreducible(modulus):
                return modulus
        raise AssertionError("no irreducible polynomial found")

    def _is_irreducible(self, modulus: list[int]) -> bool:
        k = len(modulus) - 1
        for degree in range(1, k // 2 + 1):
            for low in range(self.p**degree):
                factor = [(low // self.p**i) % self.p for i in range(degree)] + [1]
                if not any(self._reduce(modulus, factor)):
                    return False
        return True

    def _mul(self, a: int, b: int, modulus: list[int]) -> int:
        if self.k == 1:
            return a * b % self.p
        return self._number(self._reduce(self._polymul(self._digits(a), self._digits(b)), modulus))


@lru_cache(maxsize=32)
def galois_field(q: int) -> GaloisField:
    """A cached :class:`GaloisField` of order ``q``."""
    return GaloisField(q)


def latin_rounds(q: int, rows: int) -> list[list[list[tuple[int, int]]]]:
    """q rounds of q tables over a ``rows`` × q grid, nobody meeting twice.

    Returns ``rounds[t][j]`` = list of ``(row, column)`` cells at table ``j``;
    each table holds one cell of every row. Needs q a prime power, rows ≤ q.
    """
    field = galois_field(q)
    if rows > q:
        raise ValueError("at most q rows")
    rounds = []
    for t in range(q):
        tables = []
        for j in range(q):
            tables.append([(s, field.add[j][field.mul[s][t]]) for s in range(rows)])
        rounds.append(tables)
    return rounds


def grid_rounds(groups: int, size: int) -> list[list[list[int]]]:
    """Repeat-free rounds for ``groups`` × ``size`` people numbered row-major (``row*groups+col``).

    Uses :func:`latin_rounds` when ``groups`` is a prime power and ``size ≤ groups``;
    adds the rows as a round when ``size == groups`` (affine plane), and a round
    splitting every row into tables of ``size`` when ``size`` divides ``groups``
    (people of one row never met before). Returns ``[]`` when no construction applies.
    """
    if size > groups or prime_power(groups) is None:
        return []
    rounds = [
        [[s * groups + c for s, c in table] for table in rnd] for rnd in latin_rounds(groups, size)
    ]
    if size == groups:
        rounds.append([[s * groups + c for c in range(groups)] for s in range(size)])
    elif size > 1 and groups % size == 0:
        rounds.append(
            [
                [s * groups + c for c in range(start, start + size)]
                for s in range(size)
                for start in range(0, groups, size)
            ]
        )
    return rounds
