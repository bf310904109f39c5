//! Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
//! Never edit a migration that has shipped: add a new one.

pub const MIGRATIONS: &[&str] = &[
    // 1: trainees, runs with their decisions and red lines, competitions and observer points
    r#"
    CREATE TABLE trainees (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE competitions (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        setup       TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        finished_at TEXT
    );
    CREATE TABLE runs (
        id              INTEGER PRIMARY KEY,
        registration    TEXT NOT NULL UNIQUE,
        trainee_id      INTEGER REFERENCES trainees(id),
        case_id         TEXT NOT NULL,
        case_title      TEXT NOT NULL,
        case_hash       TEXT NOT NULL,
        seed            INTEGER NOT NULL,
        role            TEXT NOT NULL,
        mode            TEXT NOT NULL CHECK (mode IN ('practice', 'competition')),
        started_at      TEXT NOT NULL,
        finished_at     TEXT NOT NULL,
        time_ms         INTEGER NOT NULL,
        total           REAL NOT NULL,
        identification  REAL,
        script          REAL,
        handoff         REAL,
        passed          INTEGER NOT NULL,
        pass_mark       INTEGER NOT NULL,
        red_line_count  INTEGER NOT NULL,
        competition_id  INTEGER REFERENCES competitions(id),
        round           INTEGER,
        team            INTEGER,
        team_name       TEXT,
        lineup          TEXT,
        CHECK ((trainee_id IS NULL) = (competition_id IS NOT NULL)),
        UNIQUE (competition_id, round, team)
    );
    CREATE INDEX runs_by_trainee ON runs (trainee_id, finished_at);
    -- kept apart: a transcript is kilobytes, and lists of runs should not page through them
    CREATE TABLE transcripts (
        run_id  INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        ron     TEXT NOT NULL
    );
    CREATE TABLE decisions (
        run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        step        TEXT NOT NULL,
        role        TEXT NOT NULL,
        dimension   TEXT NOT NULL,
        answer      TEXT NOT NULL,
        earned      REAL NOT NULL,
        max         REAL NOT NULL,
        grade       TEXT,
        rule        TEXT,
        at          TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        red_line    INTEGER NOT NULL,
        PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;
    -- the 错题集 reads only the decisions that lost points against a rule
    CREATE INDEX decisions_missed ON decisions (run_id, rule, red_line)
        WHERE rule IS NOT NULL AND earned < max - 1e-9;
    -- per-role sums of each run, written with it, so a scoreboard does not re-add decisions
    CREATE TABLE run_roles (
        run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        role    TEXT NOT NULL,
        first   INTEGER NOT NULL,
        earned  REAL NOT NULL,
        max     REAL NOT NULL,
        PRIMARY KEY (run_id, role)
    ) WITHOUT ROWID;
    CREATE TABLE red_lines (
        run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq     INTEGER NOT NULL,
        rule    TEXT NOT NULL,
        title   TEXT NOT NULL,
        step    TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE observer_points (
        id              INTEGER PRIMARY KEY,
        competition_id  INTEGER NOT NULL REFERENCES competitions(id),
        round           INTEGER NOT NULL,
        team            INTEGER NOT NULL,
        points          INTEGER NOT NULL,
        comment         TEXT NOT NULL,
        at              TEXT NOT NULL
    );
    "#,
    // 2: what the app remembers between starts (who is signed in at this machine)
    r#"
    CREATE TABLE app_state (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 3: referral points (转介积分) each role of a run's referral chain earned; a run saved
    // before this has none (read as no points)
    r#"
    CREATE TABLE referral_points (
        run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq     INTEGER NOT NULL,
        role    TEXT NOT NULL,
        points  REAL NOT NULL,
        PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;
    "#,
    // 4: observers' checklists (分组演练): one sheet per observer per turn with the points
    // it was worth when entered, and its marks (0–2) with their titles and comments. The free
    // points of observer_points stay as they were and still count.
    r#"
    CREATE TABLE observer_sheets (
        id              INTEGER PRIMARY KEY,
        competition_id  INTEGER NOT NULL REFERENCES competitions(id),
        round           INTEGER NOT NULL,
        team            INTEGER NOT NULL,
        observer        TEXT NOT NULL,
        points          REAL NOT NULL,
        at              TEXT NOT NULL,
        UNIQUE (competition_id, round, team, observer)
    );
    CREATE TABLE observer_marks (
        sheet_id  INTEGER NOT NULL REFERENCES observer_sheets(id) ON DELETE CASCADE,
        seq       INTEGER NOT NULL,
        item      TEXT NOT NULL,
        title     TEXT NOT NULL,
        title_en  TEXT NOT NULL,
        mark      INTEGER NOT NULL CHECK (mark BETWEEN 0 AND 2),
        comment   TEXT NOT NULL,
        PRIMARY KEY (sheet_id, seq)
    ) WITHOUT ROWID;
    "#,
    // 5: who a trainee is beyond a typed name: a staff number (工号) and a branch, as given at
    // sign-in, kept with the trainee (the latest) and with each run (as it was then)
    r#"
    ALTER TABLE trainees ADD COLUMN staff_no TEXT;
    ALTER TABLE trainees ADD COLUMN branch TEXT;
    ALTER TABLE runs ADD COLUMN staff_no TEXT;
    ALTER TABLE runs ADD COLUMN branch TEXT;
    "#,
    // 6: the xAPI statements of each run waiting to be sent to a learning record store (or
    // sent, when), written in the run's own transaction; `rejected` holds what the LRS said of
    // a statement it refused, so one bad statement does not hold back the others
    r#"
    -- (rows only appended, and the one index small: saving a run stays as quick as before;
    -- statement ids are unique by construction, from the run's unique registration)
    CREATE TABLE outbox (
        id            INTEGER PRIMARY KEY,
        run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        statement_id  TEXT NOT NULL,
        body          TEXT NOT NULL,
        queued_at     TEXT NOT NULL,
        sent_at       TEXT,
        rejected      TEXT
    );
    CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL AND rejected IS NULL;
    -- the runs saved before: their statements are queued at the first sync
    INSERT INTO app_state (key, value)
        SELECT 'outbox_runs_before', MAX(id) FROM runs WHERE id IS NOT NULL HAVING COUNT(*) > 0;
    "#,
];
