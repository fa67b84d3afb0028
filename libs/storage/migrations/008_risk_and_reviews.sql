-- Risk assessments (RiskAssessed events) and the manual review queue (ReviewDecided events).

-- One assessment per assessed event: a replayed event finds its assessment already here.
CREATE TABLE IF NOT EXISTS risk_assessments (
  assessment_id   text PRIMARY KEY,
  source_event_id text NOT NULL UNIQUE,
  subject_type    text NOT NULL CHECK (subject_type IN ('order', 'payment')),
  subject_id      text NOT NULL,
  order_id        text NOT NULL,
  user_id         text,
  model_version   text NOT NULL,
  score           numeric NOT NULL,
  decision        text NOT NULL CHECK (decision IN ('approve', 'review', 'decline')),
  reasons         jsonb NOT NULL,
  features        jsonb NOT NULL,
  missing         jsonb NOT NULL,
  assessed_at     timestamptz NOT NULL,
  event_id        text NOT NULL,
  stored_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS risk_assessments_by_subject ON risk_assessments (subject_type, subject_id, assessed_at DESC);

-- A `review` decision waits here for a person. The review's id is its assessment's id.
CREATE TABLE IF NOT EXISTS reviews (
  review_id         text PRIMARY KEY REFERENCES risk_assessments (assessment_id),
  subject_type      text NOT NULL,
  subject_id        text NOT NULL,
  order_id          text NOT NULL,
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  created_at        timestamptz NOT NULL,
  reviewer          text,
  note              text,
  decided_at        timestamptz,
  decision_event_id text
);
CREATE INDEX IF NOT EXISTS reviews_by_status ON reviews (status, created_at, review_id);

-- What risk made of a payment, beside its own lifecycle status: approved, in_review, declined,
-- then approved or rejected by a reviewer. (An order's risk outcome is its status.)
ALTER TABLE payments ADD COLUMN IF NOT EXISTS risk_status text;
