"""Reply scoring: SPIN, sandwich and four-step objection handling."""

from salescoach.scoring.reply import BadInput, Context, ReplyScore, score_reply

__all__ = ["BadInput", "Context", "ReplyScore", "score_reply"]
