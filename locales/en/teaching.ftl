# The instructors' pages: /teaching, a course's list at the door
# (/teaching/{id}) and an instructor's public page (/instructors/{id}).

teaching-title = Teaching
teaching-your-courses = Your courses
teaching-lead = Open a course for its list at the door and to mark who came.
teaching-no-courses = No courses yet: an admin assigns you to the ones you teach.
teaching-waiting = { $count } waiting
teaching-cancelled = Cancelled
teaching-seats-taken = { $held } of { $capacity } seats taken

## At the door.

teaching-door-title = At the door
teaching-back = ← Your courses
teaching-no-meetings = This course has no meetings.
# { $time } is the meeting's start.
teaching-meeting-of = Meeting { $number } of { $count }: { $time }
teaching-meetings = Meetings
teaching-opens = Attendance opens the day before this meeting.
teaching-how-to-mark = Tap Present or Absent; tap it again to take the mark back. Each tap is saved at once. Your browser's Print gives a paper list.
teaching-people = { $count ->
    [one] 1 person
   *[other] { $count } people
}
teaching-marked-present = { $number } marked present
teaching-on-waiting-list = { $count } on the waiting list
teaching-nobody-booked = Nobody has booked yet.
teaching-booked-by = Booked by { $name }
teaching-saving = saving…
mark-present = Present
mark-absent = Absent
mark-unmarked = Not marked

## A seat's attendance, on the roster and the member's booking.

attendance-present = present
attendance-absent = absent
# One meeting: { $mark } is attendance-present or attendance-absent.
attendance-once = Attendance: { $mark }
# Several: { $marks } reads "1: present · 3: absent".
attendance-meetings = Meeting { $marks }

## An instructor's public page.

teaching-photo-alt = { $name }, instructor
teaching-instructor = Instructor
teaching-upcoming = Upcoming courses
teaching-find-courses = Find { $name }'s courses in the catalog
teaching-none-upcoming = None on the calendar just now.
