# The catalog (/courses) and the course cards in it.

catalog-title = Courses
catalog-title-past = Past courses
catalog-description = Upcoming courses with dates, places, prices and the seats left; book and pay online.
catalog-times-note = Course times are at the venue's local time.
catalog-find = Find courses
catalog-search = Search
catalog-search-placeholder = Words from a title, place or description
catalog-topic = Topic
catalog-any-topic = Any topic
catalog-when = When
catalog-any-date = Any date
catalog-this-week = This week
catalog-this-month = This month
catalog-from = From
catalog-to = To
catalog-sort-by = Sort by
catalog-sort-date = Date
catalog-sort-price-asc = Price: low to high
catalog-sort-price-desc = Price: high to low
catalog-sort-seats = Seats left
catalog-seats-only = Seats left only
catalog-apply = Apply
catalog-count = { $count ->
    [one] { $shown } course
   *[other] { $shown } courses
}
catalog-count-more = { $shown }+ courses
catalog-count-match = { $courses } match “{ $filter }”
catalog-taught-by = Courses taught by { $name }
catalog-show-all = Show every course
catalog-no-match = No course matches “{ $filter }”.
catalog-no-match-choices = No course matches “{ $filter }” with these choices.
catalog-no-match-narrowed = No course matches these choices.
catalog-no-more = There are no more courses here.
catalog-back-to-first = Back to the first page
catalog-none-past = No course has taken place yet.
catalog-none = No courses are on offer yet.
catalog-check-back = Check back soon — new dates are added regularly.
pages = Pages
page-previous = ← Previous
page-next = Next →
page-number = Page { $page }
catalog-upcoming-link = ← Upcoming courses
catalog-past-link = Past courses →

seats-left = { $count ->
    [one] 1 seat left
   *[other] { $count } seats left
}
seats-only-left = Only { $count } left
full = Full
full-waiting = Full · { $count } waiting
under-way = Under way
past = Past
cancelled = Cancelled
draft = Draft
unavailable = Unavailable
meetings-from = { $count } meetings from
more-dates = { $count ->
    [one] Also on 1 other date
   *[other] Also on { $count } other dates
}

refund-until = Full refund if you cancel before { $time }.
refund-none = No refund if you cancel: refunds end { $hours } hours before the start.
price-free = Free
checkout-terms = By paying you accept the terms at { $address }.
