//! What a visitor was doing when they were asked to sign in or sign up:
//! booking a course or joining its waiting list, carried in `next` as the
//! course page with `?book=N` or `?wait=N`. Signing in, following the
//! sign-up confirmation link or using a passkey with such a `next` carries
//! it out at once (each is a POST the person made), so a newcomer presses
//! Book once and arrives at Checkout.

use crate::{CourseId, SeatCount};

/// A booking or a waiting place to make right after signing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Book { course: CourseId, seats: SeatCount },
    Wait { course: CourseId, seats: SeatCount },
}

impl Intent {
    /// `/courses/7?book=2` → book 2 seats of course 7; anything else (more
    /// query, another path, a seat count out of range) is no intent.
    pub fn of(path: &str) -> Option<Intent> {
        let rest = path.strip_prefix("/courses/")?;
        let (id, query) = rest.split_once('?')?;
        let course = CourseId(id.parse().ok().filter(|n: &i64| *n > 0)?);
        let (key, n) = query.split_once('=')?;
        let seats = SeatCount::new(n.parse().ok()?).ok()?;
        match key {
            "book" => Some(Intent::Book { course, seats }),
            "wait" => Some(Intent::Wait { course, seats }),
            _ => None,
        }
    }

    /// The `next` that carries it.
    pub fn path(self) -> String {
        match self {
            Intent::Book { course, seats } => format!("/courses/{}?book={}", course.0, seats.get()),
            Intent::Wait { course, seats } => format!("/courses/{}?wait={}", course.0, seats.get()),
        }
    }

    pub fn course(self) -> CourseId {
        match self {
            Intent::Book { course, .. } | Intent::Wait { course, .. } => course,
        }
    }

    pub fn seats(self) -> SeatCount {
        match self {
            Intent::Book { seats, .. } | Intent::Wait { seats, .. } => seats,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_course_page_with_book_or_wait_is_an_intent_and_nothing_else_is() {
        let two = SeatCount::new(2).unwrap();
        assert_eq!(
            Intent::of("/courses/7?book=2"),
            Some(Intent::Book {
                course: CourseId(7),
                seats: two
            })
        );
        assert_eq!(
            Intent::of("/courses/7?wait=1"),
            Some(Intent::Wait {
                course: CourseId(7),
                seats: SeatCount::ONE
            })
        );
        for not in [
            "/courses/7",
            "/courses/7?book=0",
            "/courses/7?book=99",
            "/courses/7?book=x",
            "/courses/7?book=1&x=2",
            "/courses/0?book=1",
            "/courses/-3?book=1",
            "/bookings?book=1",
            "/courses/7?pay=1",
            "/courses/7/x?book=1",
        ] {
            assert_eq!(Intent::of(not), None, "{not}");
        }
        let i = Intent::of("/courses/7?book=2").unwrap();
        assert_eq!(Intent::of(&i.path()), Some(i));
    }
}
