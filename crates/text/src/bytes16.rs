//! Sixteen bytes at a time, for the scans that run on every keystroke.
//!
//! In the browser (wasm32 built with `simd128`, as `.cargo/config.toml` sets) each operation
//! is one WebAssembly SIMD instruction; on x86-64, one SSE2 instruction, but for the table
//! lookup, which SSE2 lacks. Elsewhere the same operations run on a `[u8; 16]`. The logic built
//! on them is the same everywhere, so the native property tests check what the wasm runs.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct Bytes16(v128);

    impl Bytes16 {
        /// `bytes[at..at + 16]`; the caller checks the bounds.
        #[inline(always)]
        pub fn load(bytes: &[u8], at: usize) -> Bytes16 {
            let chunk: &[u8; 16] = bytes[at..at + 16].try_into().expect("16 bytes");
            // SAFETY: `chunk` is 16 readable bytes; v128_load has no alignment requirement.
            Bytes16(unsafe { v128_load(chunk.as_ptr().cast()) })
        }
        /// Into `bytes[at..at + 16]`; the caller checks the bounds.
        #[inline(always)]
        pub fn store(self, bytes: &mut [u8], at: usize) {
            let chunk: &mut [u8; 16] = (&mut bytes[at..at + 16]).try_into().expect("16 bytes");
            // SAFETY: `chunk` is 16 writable bytes; v128_store has no alignment requirement.
            unsafe { v128_store(chunk.as_mut_ptr().cast(), self.0) }
        }
        #[inline(always)]
        pub const fn splat(b: u8) -> Bytes16 {
            Bytes16(u8x16(b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b))
        }
        #[inline(always)]
        pub const fn from_array(a: [u8; 16]) -> Bytes16 {
            Bytes16(u8x16(
                a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15],
            ))
        }
        #[inline(always)]
        pub fn or(self, o: Bytes16) -> Bytes16 {
            Bytes16(v128_or(self.0, o.0))
        }
        #[inline(always)]
        pub fn and(self, o: Bytes16) -> Bytes16 {
            Bytes16(v128_and(self.0, o.0))
        }
        /// `self & !o`
        #[inline(always)]
        pub fn and_not(self, o: Bytes16) -> Bytes16 {
            Bytes16(v128_andnot(self.0, o.0))
        }
        /// 0xFF where the bytes are equal, else 0.
        #[inline(always)]
        pub fn eq(self, o: Bytes16) -> Bytes16 {
            Bytes16(u8x16_eq(self.0, o.0))
        }
        #[inline(always)]
        pub fn wrapping_sub(self, o: Bytes16) -> Bytes16 {
            Bytes16(u8x16_sub(self.0, o.0))
        }
        /// 0xFF where `self < o`, unsigned, else 0.
        #[inline(always)]
        pub fn lt(self, o: Bytes16) -> Bytes16 {
            Bytes16(u8x16_lt(self.0, o.0))
        }
        #[inline(always)]
        pub fn shr4(self) -> Bytes16 {
            Bytes16(u8x16_shr(self.0, 4))
        }
        /// `table[i]` for each byte `i` of `self`, 0 where `i` is 16 or more.
        #[inline(always)]
        pub fn lookup(table: Bytes16, index: Bytes16) -> Bytes16 {
            Bytes16(u8x16_swizzle(table.0, index.0))
        }
        #[inline(always)]
        pub fn any(self) -> bool {
            v128_any_true(self.0)
        }
        /// Bit `k` set when byte `k` has its high bit set.
        #[inline(always)]
        pub fn bitmask(self) -> u16 {
            u8x16_bitmask(self.0)
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use core::arch::x86_64::*;

    #[derive(Clone, Copy)]
    pub struct Bytes16(__m128i);

    // SAFETY (every `unsafe` below): SSE2 is part of the x86-64 baseline, and the loads and
    // stores are of 16 bytes whose bounds the slice indexing has checked.
    impl Bytes16 {
        #[inline(always)]
        pub fn load(bytes: &[u8], at: usize) -> Bytes16 {
            let chunk: &[u8; 16] = bytes[at..at + 16].try_into().expect("16 bytes");
            Bytes16(unsafe { _mm_loadu_si128(chunk.as_ptr().cast()) })
        }
        #[inline(always)]
        pub fn store(self, bytes: &mut [u8], at: usize) {
            let chunk: &mut [u8; 16] = (&mut bytes[at..at + 16]).try_into().expect("16 bytes");
            unsafe { _mm_storeu_si128(chunk.as_mut_ptr().cast(), self.0) }
        }
        #[inline(always)]
        pub const fn splat(b: u8) -> Bytes16 {
            Bytes16::from_array([b; 16])
        }
        #[inline(always)]
        pub const fn from_array(a: [u8; 16]) -> Bytes16 {
            // SAFETY: any 16 bytes are a valid __m128i.
            Bytes16(unsafe { std::mem::transmute::<[u8; 16], __m128i>(a) })
        }
        #[inline(always)]
        fn to_array(self) -> [u8; 16] {
            // SAFETY: any __m128i is 16 valid bytes.
            unsafe { std::mem::transmute::<__m128i, [u8; 16]>(self.0) }
        }
        #[inline(always)]
        pub fn or(self, o: Bytes16) -> Bytes16 {
            Bytes16(unsafe { _mm_or_si128(self.0, o.0) })
        }
        #[inline(always)]
        pub fn and(self, o: Bytes16) -> Bytes16 {
            Bytes16(unsafe { _mm_and_si128(self.0, o.0) })
        }
        #[inline(always)]
        pub fn and_not(self, o: Bytes16) -> Bytes16 {
            Bytes16(unsafe { _mm_andnot_si128(o.0, self.0) })
        }
        #[inline(always)]
        pub fn eq(self, o: Bytes16) -> Bytes16 {
            Bytes16(unsafe { _mm_cmpeq_epi8(self.0, o.0) })
        }
        #[inline(always)]
        pub fn wrapping_sub(self, o: Bytes16) -> Bytes16 {
            Bytes16(unsafe { _mm_sub_epi8(self.0, o.0) })
        }
        /// Unsigned: SSE2 compares signed bytes, so both sides are flipped into that order.
        #[inline(always)]
        pub fn lt(self, o: Bytes16) -> Bytes16 {
            unsafe {
                let flip = _mm_set1_epi8(i8::MIN);
                Bytes16(_mm_cmplt_epi8(_mm_xor_si128(self.0, flip), _mm_xor_si128(o.0, flip)))
            }
        }
        #[inline(always)]
        pub fn shr4(self) -> Bytes16 {
            Bytes16(unsafe { _mm_and_si128(_mm_srli_epi16(self.0, 4), _mm_set1_epi8(0x0F)) })
        }
        /// One byte at a time: the instruction for it (`pshufb`) is not in the baseline.
        #[inline(always)]
        pub fn lookup(table: Bytes16, index: Bytes16) -> Bytes16 {
            let t = table.to_array();
            Bytes16::from_array(index.to_array().map(|i| if i < 16 { t[i as usize] } else { 0 }))
        }
        #[inline(always)]
        pub fn any(self) -> bool {
            unsafe { _mm_movemask_epi8(_mm_cmpeq_epi8(self.0, _mm_setzero_si128())) != 0xFFFF }
        }
        #[inline(always)]
        pub fn bitmask(self) -> u16 {
            unsafe { _mm_movemask_epi8(self.0) as u16 }
        }
    }
}

/// Byte by byte: where neither of the above applies, and in the tests as the reference the
/// others are compared with.
#[cfg_attr(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64"), allow(dead_code))]
mod portable {
    #[derive(Clone, Copy, Debug, PartialEq)]
    pub struct Bytes16(pub [u8; 16]);

    #[inline(always)]
    fn each(a: [u8; 16], f: impl Fn(u8) -> u8) -> Bytes16 {
        Bytes16(a.map(f))
    }

    #[inline(always)]
    fn pairs(a: [u8; 16], b: [u8; 16], f: impl Fn(u8, u8) -> u8) -> Bytes16 {
        Bytes16(std::array::from_fn(|k| f(a[k], b[k])))
    }

    const fn mask(t: bool) -> u8 {
        if t {
            0xFF
        } else {
            0
        }
    }

    impl Bytes16 {
        #[inline(always)]
        pub fn load(bytes: &[u8], at: usize) -> Bytes16 {
            Bytes16(bytes[at..at + 16].try_into().expect("16 bytes"))
        }
        #[inline(always)]
        pub fn store(self, bytes: &mut [u8], at: usize) {
            bytes[at..at + 16].copy_from_slice(&self.0);
        }
        #[inline(always)]
        pub const fn splat(b: u8) -> Bytes16 {
            Bytes16([b; 16])
        }
        #[inline(always)]
        pub const fn from_array(a: [u8; 16]) -> Bytes16 {
            Bytes16(a)
        }
        #[inline(always)]
        pub fn or(self, o: Bytes16) -> Bytes16 {
            pairs(self.0, o.0, |a, b| a | b)
        }
        #[inline(always)]
        pub fn and(self, o: Bytes16) -> Bytes16 {
            pairs(self.0, o.0, |a, b| a & b)
        }
        #[inline(always)]
        pub fn and_not(self, o: Bytes16) -> Bytes16 {
            pairs(self.0, o.0, |a, b| a & !b)
        }
        #[inline(always)]
        pub fn eq(self, o: Bytes16) -> Bytes16 {
            pairs(self.0, o.0, |a, b| mask(a == b))
        }
        #[inline(always)]
        pub fn wrapping_sub(self, o: Bytes16) -> Bytes16 {
            pairs(self.0, o.0, u8::wrapping_sub)
        }
        #[inline(always)]
        pub fn lt(self, o: Bytes16) -> Bytes16 {
            pairs(self.0, o.0, |a, b| mask(a < b))
        }
        #[inline(always)]
        pub fn shr4(self) -> Bytes16 {
            each(self.0, |a| a >> 4)
        }
        #[inline(always)]
        pub fn lookup(table: Bytes16, index: Bytes16) -> Bytes16 {
            each(index.0, |i| if i < 16 { table.0[i as usize] } else { 0 })
        }
        #[inline(always)]
        pub fn any(self) -> bool {
            self.0 != [0; 16]
        }
        #[inline(always)]
        pub fn bitmask(self) -> u16 {
            self.0.iter().rev().fold(0, |m, &b| (m << 1) | u16::from(b >> 7))
        }
    }
}

#[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
use portable as imp;

pub(crate) use imp::Bytes16;

/// A set of bytes, tested sixteen at a time with two 16-entry lookups: one by the high
/// nibble (which of rows 0x00..0x70 it is in: one bit per row, none for bytes of 0x80 and
/// above) and one by the low nibble (the rows whose byte with that low nibble is in the set).
#[derive(Clone, Copy)]
pub(crate) struct ByteSet {
    by_high: Bytes16,
    by_low: Bytes16,
}

/// The `ByteSet` of the ASCII bytes for which the `const fn(u8) -> bool` named holds, as a
/// constant. A macro, not a function: a `const fn` cannot call a fn pointer.
macro_rules! ascii_set {
    ($member:path) => {{
        let mut table = [false; 128];
        let mut b = 0;
        while b < 128 {
            table[b] = $member(b as u8);
            b += 1;
        }
        $crate::bytes16::ByteSet::ascii(&table)
    }};
}
pub(crate) use ascii_set;

impl ByteSet {
    /// The ASCII bytes `b` with `member[b]`.
    pub const fn ascii(member: &[bool; 128]) -> ByteSet {
        let mut high = [0u8; 16];
        let mut low = [0u8; 16];
        let mut row = 0;
        while row < 8 {
            high[row] = 1 << row;
            let mut col = 0;
            while col < 16 {
                if member[row * 16 + col] {
                    low[col] |= 1 << row;
                }
                col += 1;
            }
            row += 1;
        }
        ByteSet { by_high: Bytes16::from_array(high), by_low: Bytes16::from_array(low) }
    }

    /// Non-zero where the byte is in the set, zero where not.
    #[inline(always)]
    pub fn contains(self, v: Bytes16) -> Bytes16 {
        let low = v.and(Bytes16::splat(0x0F));
        Bytes16::lookup(self.by_high, v.shr4()).and(Bytes16::lookup(self.by_low, low))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lanes(v: Bytes16) -> [bool; 16] {
        let m = v.eq(Bytes16::splat(0)).bitmask();
        std::array::from_fn(|k| m & (1 << k) == 0)
    }

    #[test]
    fn byte_set_holds_exactly_its_members() {
        let member = |b: u8| b.is_ascii_alphabetic() || b == b' ' || b == b'~';
        let set = ByteSet::ascii(&std::array::from_fn(|b| member(b as u8)));
        let all: Vec<u8> = (0..=255).collect();
        for at in (0..256).step_by(16) {
            let got = lanes(set.contains(Bytes16::load(&all, at)));
            for (k, &is_in) in got.iter().enumerate() {
                let b = all[at + k];
                assert_eq!(is_in, member(b), "byte {b:#04x}");
            }
        }
    }

    proptest::proptest! {
        /// Each operation gives what the byte-by-byte reference gives.
        #[test]
        fn operations_agree_with_the_reference(a: [u8; 16], b: [u8; 16]) {
            use super::portable::Bytes16 as Reference;
            let bytes = |v: Bytes16| {
                let mut out = [0u8; 16];
                v.store(&mut out, 0);
                out
            };
            let (x, y) = (Bytes16::load(&a, 0), Bytes16::load(&b, 0));
            let (rx, ry) = (Reference::load(&a, 0), Reference::load(&b, 0));
            proptest::prop_assert_eq!(bytes(x.or(y)), rx.or(ry).0);
            proptest::prop_assert_eq!(bytes(x.and(y)), rx.and(ry).0);
            proptest::prop_assert_eq!(bytes(x.and_not(y)), rx.and_not(ry).0);
            proptest::prop_assert_eq!(bytes(x.eq(y)), rx.eq(ry).0);
            proptest::prop_assert_eq!(bytes(x.wrapping_sub(y)), rx.wrapping_sub(ry).0);
            proptest::prop_assert_eq!(bytes(x.lt(y)), rx.lt(ry).0);
            proptest::prop_assert_eq!(bytes(x.shr4()), rx.shr4().0);
            proptest::prop_assert_eq!(bytes(Bytes16::lookup(x, y.shr4())), Reference::lookup(rx, ry.shr4()).0);
            proptest::prop_assert_eq!(bytes(Bytes16::lookup(x, y)), Reference::lookup(rx, ry).0);
            proptest::prop_assert_eq!(x.any(), rx.any());
            proptest::prop_assert_eq!(x.bitmask(), rx.bitmask());
            proptest::prop_assert_eq!(bytes(Bytes16::splat(a[0])), Reference::splat(a[0]).0);
        }
    }

    #[test]
    fn bitmask_and_compare_follow_lane_order() {
        let mut a = [b'a'; 16];
        a[3] = b'Z';
        a[15] = b'!';
        let v = Bytes16::load(&a, 0);
        assert_eq!(v.eq(Bytes16::splat(b'a')).bitmask(), !((1 << 3) | (1 << 15)));
        assert_eq!(v.lt(Bytes16::splat(b'a')).bitmask(), (1 << 3) | (1 << 15));
        assert!(v.wrapping_sub(Bytes16::splat(b'a')).any());
        assert!(!v.eq(v).eq(Bytes16::splat(0)).any());
        assert_eq!(v.shr4().eq(Bytes16::splat(6)).bitmask(), !((1 << 3) | (1 << 15)));
    }
}
