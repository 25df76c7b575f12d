# The account page (/account): details, email, password, passkeys, the
# teaching profile, the calendar feed, devices, your data, deleting.

account-title = Your account
account-email-changed = Your account now uses this address: emails come here, and you sign in with it.
account-saved = Saved.

account-details-heading = Your details
account-time-zone = Time zone
account-time-zone-hint = Emails show course times in this zone too, e.g. Europe/Berlin.
account-details-save = Save details

account-email-heading = Change email address
account-new-email = New email address
account-new-email-hint = We'll send a link there; your address changes when you follow it.
account-your-password = Your password
account-email-change-sent = Check the new address's inbox for a link (it works for 24 hours). Until you follow it, your account keeps its current address, which we've told about the change.
account-send-link = Send link

account-password-heading = Change password
account-current-password = Current password
account-new-password-hint = At least 10 characters. You'll be signed out everywhere else.
account-password-changed = Password changed. Other sessions have been signed out.
account-password-changing = Changing…

passkeys-heading = Passkeys
passkeys-lead = Sign in with your fingerprint, face or screen lock instead of your password. Your password keeps working.
passkeys-none = You have no passkeys yet.
passkey-added-on = Added { $time }
passkey-last-used = last used { $time }
passkey-remove = Remove
passkey-remove-label = Remove passkey { $name }
passkey-added = Passkey “{ $name }” added: you can sign in with it now.
passkey-add = Add a passkey
passkey-name = Name it
passkey-name-hint = So you can tell your passkeys apart, e.g. “Phone”.
passkey-password = Confirm with your password
passkey-waiting-device = Waiting for your device…
passkey-needs-js = Adding a passkey needs JavaScript and a browser that supports passkeys.

account-teaching-heading = Your teaching profile
account-bio = About you
account-bio-hint = Shown on your public page and beside your courses. Up to 1000 characters.
account-digest-emails = Email me a digest on days something changes on my courses (new bookings, cancellations, the waiting list)
account-day-before-emails = Email me the attendee list the day before each meeting
account-teaching-save = Save teaching profile
account-photo-heading = Your photo
account-photo-alt = Your photo as course-goers see it
account-photo-label = A JPEG, PNG or WebP picture, up to 5 MB
account-photo-upload = Upload photo
account-photo-remove = Remove my photo
account-photo-saved = Photo saved.
account-photo-removed = Photo removed.
account-photo-too-big = That file is larger than 5 MB: choose a smaller one.
account-photo-not-a-picture = That file is not a JPEG, PNG or WebP picture.
account-photo-missing = Choose a picture first.

account-feed-heading = Your courses in your calendar
account-feed-lead = Subscribe to your private calendar address in Apple Calendar, Google Calendar or Outlook, and every course you book appears there by itself; moves and cancellations follow. It shows times and places, never payments. Anyone with the address can see them, so keep it to yourself.
account-feed-address = Your calendar address
account-feed-subscribe = Subscribe in your calendar app
account-feed-reset = Make a new address…
account-feed-reset-yes = Yes: the old address stops working
account-feed-make = Make my calendar address
account-feed-failed = Your calendar address could not be loaded; try again later.
account-feed-made = Your calendar address is ready: subscribe to it in your calendar app.

account-sessions-heading = Where you're signed in
account-this-device = This device
account-last-seen = Last seen { $time }
account-sessions-lead = Signed in on a shared or lost device? Sign out everywhere but here.
account-sessions-done = Done: every other device is signed out.
account-sessions-sign-out = Sign out everywhere else

account-data-heading = Your data
account-data-lead = Everything we store about you (your profile, bookings, payments, waiting-list places and the emails we sent you) as one file.
account-data-download = Download my data (JSON)

account-delete-heading = Delete your account
account-delete-lead = Your name and email address are erased and you can no longer sign in. Bookings and payments stay in the course provider's books without your name.
account-delete-no-bookings = You have no active bookings.
account-delete-bookings = Your active bookings are cancelled first:
account-delete-refund = cancelled, { $amount } refunded to the card you paid with
account-delete-no-refund = cancelled without a refund (it starts too soon)
account-delete-nothing-paid = not paid yet: the seats are let go
account-delete-kept = has started, so it stays as it is
account-delete-password = Your password, to confirm
account-delete-submit = Delete my account
account-bio-in = Bio in { $language } (optional)
