package dev.overlay.sim;

import java.util.Arrays;

/**
 * Pending events in time order; events due at the same time come out in the order they were added,
 * which is what makes a run repeat exactly. Each event is four ints and an optional object kept in
 * parallel arrays (a binary heap of slot numbers over them, each beside its event's time so that
 * ordering reads the heap's own memory rather than the slots'), so the common events (a copy of a
 * message on a link) allocate nothing.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class EventQueue {

    private long[] order = new long[1024];
    private int[] kind = new int[1024];
    private int[] a = new int[1024];
    private int[] b = new int[1024];
    private int[] c = new int[1024];
    private int[] d = new int[1024];
    private Object[] ref = new Object[1024];
    private int[] heap = new int[1024];
    /** The time of the event in each heap position. */
    private long[] heapTime = new long[1024];
    private int[] free = new int[1024];
    private int freeCount;
    private int slots;
    private int size;
    private long added;

    /** The event last taken by {@link #poll()}. */
    long polledTime;
    int polledKind;
    int polledA;
    int polledB;
    int polledC;
    int polledD;
    Object polledRef;

    void add(long at, int eventKind, int first, int second, int third, int fourth, Object attachment) {
        int slot = freeCount > 0 ? free[--freeCount] : newSlot();
        order[slot] = added++;
        kind[slot] = eventKind;
        a[slot] = first;
        b[slot] = second;
        c[slot] = third;
        d[slot] = fourth;
        ref[slot] = attachment;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            heapTime = Arrays.copyOf(heapTime, size * 2);
        }
        heap[size] = slot;
        heapTime[size] = at;
        siftUp(size++);
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    long nextTime() {
        return heapTime[0];
    }

    /** Takes the earliest event into the {@code polled*} fields. */
    void poll() {
        int slot = heap[0];
        polledTime = heapTime[0];
        polledKind = kind[slot];
        polledA = a[slot];
        polledB = b[slot];
        polledC = c[slot];
        polledD = d[slot];
        polledRef = ref[slot];
        ref[slot] = null;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = slot;
        heap[0] = heap[--size];
        heapTime[0] = heapTime[size];
        if (size > 0) {
            siftDown(0);
        }
    }

    private int newSlot() {
        if (slots == order.length) {
            int n = slots * 2;
            order = Arrays.copyOf(order, n);
            kind = Arrays.copyOf(kind, n);
            a = Arrays.copyOf(a, n);
            b = Arrays.copyOf(b, n);
            c = Arrays.copyOf(c, n);
            d = Arrays.copyOf(d, n);
            ref = Arrays.copyOf(ref, n);
        }
        return slots++;
    }

    /** Whether the event at heap position {@code x} comes before the event at {@code y}. */
    private boolean before(int x, int y) {
        return heapTime[x] < heapTime[y] || (heapTime[x] == heapTime[y] && order[heap[x]] < order[heap[y]]);
    }

    private void siftUp(int i) {
        int slot = heap[i];
        long at = heapTime[i];
        long rank = order[slot];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long parentTime = heapTime[parent];
            if (at > parentTime || (at == parentTime && rank > order[heap[parent]])) {
                break;
            }
            heap[i] = heap[parent];
            heapTime[i] = parentTime;
            i = parent;
        }
        heap[i] = slot;
        heapTime[i] = at;
    }

    private void siftDown(int i) {
        int slot = heap[i];
        long at = heapTime[i];
        long rank = order[slot];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(right, child)) {
                child = right;
            }
            long childTime = heapTime[child];
            if (at < childTime || (at == childTime && rank < order[heap[child]])) {
                break;
            }
            heap[i] = heap[child];
            heapTime[i] = childTime;
            i = child;
        }
        heap[i] = slot;
        heapTime[i] = at;
    }
}
