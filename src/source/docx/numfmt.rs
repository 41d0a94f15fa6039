//! Number formats of Word's automatic numbering (`w:numFmt`): how a list
//! counter is written — `chineseCounting` 一 二 … 十一, `decimal` 1 2 3,
//! `decimalEnclosedCircle` ① ②, `ideographTraditional` 甲 乙 丙 …

/// The formats reportlint writes; anything else is written as `Decimal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumFmt {
    Decimal,
    /// 01, 02 … 10.
    DecimalZero,
    /// Full-width digits: １ ２.
    DecimalFullWidth,
    /// ① … ⑳ (then decimal, as Word does).
    DecimalEnclosedCircle,
    /// ⒈ … ⒛.
    DecimalEnclosedFullstop,
    /// ⑴ … ⒇.
    DecimalEnclosedParen,
    /// 一 二 … 十 十一 … 一百零一 (also `japaneseCounting`, `taiwaneseCounting`).
    ChineseCounting,
    /// The same with 千 and 万 for large numbers.
    ChineseCountingThousand,
    /// 壹 贰 叁 … 拾.
    ChineseLegalSimplified,
    /// 〇 一 二 written digit by digit: 一〇.
    IdeographDigital,
    /// 甲 乙 丙 丁 … (the ten heavenly stems, then decimal).
    IdeographTraditional,
    /// 子 丑 寅 卯 … (the twelve earthly branches, then decimal).
    IdeographZodiac,
    /// ㈠ … ㈩ (then Chinese counting).
    IdeographEnclosedCircle,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    /// A bullet: the level text is written as it is.
    Bullet,
    /// No number at all.
    None,
}

impl NumFmt {
    /// The format named by a `w:numFmt w:val`.
    pub(crate) fn from_name(name: &str) -> NumFmt {
        match name {
            "decimalZero" => NumFmt::DecimalZero,
            "decimalFullWidth" | "decimalFullWidth2" => NumFmt::DecimalFullWidth,
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
                NumFmt::DecimalEnclosedCircle
            }
            "decimalEnclosedFullstop" => NumFmt::DecimalEnclosedFullstop,
            "decimalEnclosedParen" => NumFmt::DecimalEnclosedParen,
            "chineseCounting" | "japaneseCounting" | "taiwaneseCounting" => NumFmt::ChineseCounting,
            "chineseCountingThousand"
            | "taiwaneseCountingThousand"
            | "japaneseDigitalTenThousand" => NumFmt::ChineseCountingThousand,
            "chineseLegalSimplified" => NumFmt::ChineseLegalSimplified,
            "ideographDigital" | "taiwaneseDigital" => NumFmt::IdeographDigital,
            "ideographTraditional" => NumFmt::IdeographTraditional,
            "ideographZodiac" => NumFmt::IdeographZodiac,
            "ideographEnclosedCircle" => NumFmt::IdeographEnclosedCircle,
            "lowerLetter" => NumFmt::LowerLetter,
            "upperLetter" => NumFmt::UpperLetter,
            "lowerRoman" => NumFmt::LowerRoman,
            "upperRoman" => NumFmt::UpperRoman,
            "bullet" => NumFmt::Bullet,
            "none" => NumFmt::None,
            _ => NumFmt::Decimal,
        }
    }

    /// `n` written in this format.
    pub(crate) fn format(self, n: i64) -> String {
        if n < 0 {
            return n.to_string();
        }
        let u = n as u64;
        match self {
            NumFmt::Decimal => u.to_string(),
            NumFmt::DecimalZero if u < 10 => format!("0{u}"),
            NumFmt::DecimalZero => u.to_string(),
            NumFmt::DecimalFullWidth => u
                .to_string()
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c))
                .collect(),
            NumFmt::DecimalEnclosedCircle => enclosed(u, 0x2460, 20),
            NumFmt::DecimalEnclosedFullstop => enclosed(u, 0x2488, 20),
            NumFmt::DecimalEnclosedParen => enclosed(u, 0x2474, 20),
            NumFmt::ChineseCounting | NumFmt::ChineseCountingThousand => chinese(u, DIGITS, false),
            NumFmt::ChineseLegalSimplified => chinese(u, LEGAL, true),
            NumFmt::IdeographDigital => u
                .to_string()
                .chars()
                .map(|c| DIGITS[(c as u8 - b'0') as usize])
                .collect(),
            NumFmt::IdeographTraditional => cycle(u, "甲乙丙丁戊己庚辛壬癸"),
            NumFmt::IdeographZodiac => cycle(u, "子丑寅卯辰巳午未申酉戌亥"),
            NumFmt::IdeographEnclosedCircle if (1..=10).contains(&u) => {
                char::from_u32(0x3220 + u as u32 - 1).map_or_else(|| u.to_string(), String::from)
            }
            NumFmt::IdeographEnclosedCircle => chinese(u, DIGITS, false),
            NumFmt::LowerLetter => letters(u, b'a'),
            NumFmt::UpperLetter => letters(u, b'A'),
            NumFmt::LowerRoman => roman(u).to_lowercase(),
            NumFmt::UpperRoman => roman(u),
            NumFmt::Bullet | NumFmt::None => String::new(),
        }
    }
}

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// ① ⑴ ⒈: one character for 1..=`max`, decimal beyond.
fn enclosed(n: u64, first: u32, max: u64) -> String {
    if (1..=max).contains(&n) {
        char::from_u32(first + n as u32 - 1).map_or_else(|| n.to_string(), String::from)
    } else {
        n.to_string()
    }
}

/// 甲 乙 … for 1..=len, decimal beyond (Word's behaviour).
fn cycle(n: u64, chars: &str) -> String {
    let chars: Vec<char> = chars.chars().collect();
    match usize::try_from(n) {
        Ok(i) if (1..=chars.len()).contains(&i) => chars[i - 1].to_string(),
        _ => n.to_string(),
    }
}

/// a … z, aa … zz, aaa …: Word repeats the letter.
fn letters(n: u64, base: u8) -> String {
    if n == 0 {
        return "0".to_owned();
    }
    let letter = (base + ((n - 1) % 26) as u8) as char;
    let times = ((n - 1) / 26 + 1).min(1000) as usize;
    std::iter::repeat_n(letter, times).collect()
}

fn roman(mut n: u64) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, s) in TABLE {
        while n >= value {
            out.push_str(s);
            n -= value;
        }
    }
    out
}

/// Chinese counting: 十 for 10–19 (not 一十), 零 for skipped places
/// (一百零一), 万 and 亿 groups. `legal` writes 拾 佰 仟 and 壹拾.
fn chinese(n: u64, digits: [char; 10], legal: bool) -> String {
    if n == 0 {
        return digits[0].to_string();
    }
    let units = if legal {
        ['拾', '佰', '仟']
    } else {
        ['十', '百', '千']
    };
    // Groups of four digits, lowest first.
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 10_000);
        rest /= 10_000;
    }
    let mut out = String::new();
    let mut zero_pending = false;
    for (i, &g) in groups.iter().enumerate().rev() {
        for place in (0..4u32).rev() {
            let digit = (g / 10u64.pow(place) % 10) as usize;
            if digit == 0 {
                zero_pending |= !out.is_empty();
                continue;
            }
            if zero_pending {
                out.push('零');
                zero_pending = false;
            }
            // 十一 rather than 一十一 at the very start (not in legal style).
            if legal || place != 1 || digit != 1 || !out.is_empty() {
                out.push(digits[digit]);
            }
            if place > 0 {
                out.push(units[place as usize - 1]);
            }
        }
        if g != 0 {
            out.push_str(["", "万", "亿", "万亿", "亿亿"][i.min(4)]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::NumFmt::*;

    #[test]
    fn chinese_counting() {
        let f = |n| ChineseCounting.format(n);
        assert_eq!(
            (1..=12).map(f).collect::<Vec<_>>(),
            [
                "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"
            ]
        );
        assert_eq!(f(20), "二十");
        assert_eq!(f(21), "二十一");
        assert_eq!(f(99), "九十九");
        assert_eq!(f(100), "一百");
        assert_eq!(f(101), "一百零一");
        assert_eq!(f(110), "一百一十");
        assert_eq!(f(1005), "一千零五");
        assert_eq!(f(10_001), "一万零一");
        assert_eq!(f(0), "〇");
        assert_eq!(ChineseCountingThousand.format(15), "十五");
        assert_eq!(ChineseLegalSimplified.format(12), "壹拾贰");
    }

    #[test]
    fn other_formats() {
        assert_eq!(DecimalEnclosedCircle.format(3), "③");
        assert_eq!(DecimalEnclosedCircle.format(20), "⑳");
        assert_eq!(DecimalEnclosedCircle.format(21), "21");
        assert_eq!(DecimalEnclosedParen.format(2), "⑵");
        assert_eq!(IdeographTraditional.format(3), "丙");
        assert_eq!(IdeographTraditional.format(11), "11");
        assert_eq!(IdeographZodiac.format(12), "亥");
        assert_eq!(IdeographEnclosedCircle.format(2), "㈡");
        assert_eq!(IdeographDigital.format(105), "一〇五");
        assert_eq!(LowerLetter.format(1), "a");
        assert_eq!(UpperLetter.format(28), "BB");
        assert_eq!(UpperRoman.format(14), "XIV");
        assert_eq!(LowerRoman.format(4), "iv");
        assert_eq!(DecimalZero.format(7), "07");
        assert_eq!(DecimalFullWidth.format(12), "１２");
        assert_eq!(None.format(3), "");
        assert_eq!(super::NumFmt::from_name("somethingNew"), Decimal);
    }
}
