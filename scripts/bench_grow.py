"""Grows the bench catalog to N published upcoming courses by inserting rows
straight into the database (SQLite file or PostgreSQL URL), as an import
would: `/courses` is then measured as the table grows."""
import datetime, subprocess, sys

url, target = sys.argv[1], int(sys.argv[2])
now = datetime.datetime.now(datetime.timezone.utc)

CRAFTS = ["Pottery", "Sourdough", "Watercolour", "Bookbinding", "Knife skills", "Yoga", "Italian",
          "Woodcarving", "Letterpress", "Calligraphy", "Cheese making", "Public speaking", "Photography",
          "Knitting", "Guitar", "Rust", "Fermentation", "Stained glass", "Ceramics glazing", "Wine tasting"]

def rows(start, count, topics):
    for i in range(start, start + count):
        starts = now + datetime.timedelta(days=30 + i % 700, hours=i % 24)
        ends = starts + datetime.timedelta(hours=2)
        craft = CRAFTS[i % len(CRAFTS)]
        yield (f"Grown course {i:05}", f"{craft} for every level, added for the benchmark.", "Loopback",
               1000 + i % 90, "EUR", 20, 0, starts.isoformat(), ends.isoformat(), "published",
               now.isoformat(), now.isoformat(), topics[i % len(topics)] if topics else None)

COLS = "title, description, location, price, currency, capacity, seats_held, starts_at, ends_at, status, created_at, updated_at, topic_id"

if url.startswith("sqlite:"):
    import sqlite3
    path = url.split("://", 1)[1].split("?", 1)[0]
    db = sqlite3.connect(path)
    have = db.execute("SELECT COUNT(*) FROM courses WHERE status = 'published'").fetchone()[0]
    topics = [r[0] for r in db.execute("SELECT id FROM topics ORDER BY id")]
    db.executemany(f"INSERT INTO courses ({COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows(have, max(0, target - have), topics))
    db.commit()
else:
    have = int(subprocess.check_output(["psql", url, "-tAc", "SELECT COUNT(*) FROM courses WHERE status = 'published'"]))
    topics = [int(t) for t in subprocess.check_output(["psql", url, "-tAc", "SELECT id FROM topics ORDER BY id"]).split()]
    sql = lambda v: "NULL" if v is None else f"'{v}'" if isinstance(v, str) else str(v)
    values = ",\n".join("(" + ", ".join(sql(v) for v in r) + ")"
                        for r in rows(have, max(0, target - have), topics))
    if values:
        subprocess.run(["psql", url, "-q", "-c", f"INSERT INTO courses ({COLS}) VALUES {values}"], check=True)
