"""A Redis lock store that holds when two Rasa servers get the same conversation at once.

Rasa Open Source's ``RedisLockStore`` reads the conversation's ticket lock,
changes it in Python and writes it back. Two servers receiving messages for
one rep at the same moment both read an empty lock, both issue ticket 0, and
both handle their message against the same tracker: two replies are scored
as the same turn and one of them is lost from the call (tests/test_scale_out.py
shows it; Rasa issue #9213; the fix, ``ConcurrentRedisLockStore``, went to
Rasa Pro only). Here every change to a lock is one optimistic Redis
transaction (WATCH/MULTI/EXEC), retried when another server changed the lock
in between.
"""

from __future__ import annotations

import json
from typing import Callable, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` with atomic ticket changes; configured the same way."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _atomically(self, conversation_id: str, change: Callable[[TicketLock], T]) -> T:
        """Apply ``change`` to the stored lock (a new one if none); an empty lock is deleted."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = (
                        TicketLock.from_dict(json.loads(stored))
                        if stored
                        else TicketLock(conversation_id)
                    )
                    result = change(lock)
                    pipe.multi()
                    if lock.tickets:
                        pipe.set(key, lock.dumps())
                    else:
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._atomically(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        self._atomically(conversation_id, TicketLock.remove_expired_tickets)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._atomically(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Finishing the ticket deletes the lock only if no other ticket waits, in one step."""
        self.finish_serving(conversation_id, ticket_number)
