/**
 * The stage: the element over the map where wide staff views (comparison, observatory) are
 * drawn through a portal. The shell places `<StageRoot />`; a view takes `useStage()`
 * (null until the element is mounted).
 */
import { createContext, type ReactNode, useContext, useState } from 'react';

const StageContext = createContext<{ el: HTMLElement | null; setEl(el: HTMLElement | null): void }>({
  el: null,
  setEl: () => {},
});

export function StageProvider({ children }: { children: ReactNode }) {
  const [el, setEl] = useState<HTMLElement | null>(null);
  return <StageContext.Provider value={{ el, setEl }}>{children}</StageContext.Provider>;
}

export function StageRoot() {
  const { setEl } = useContext(StageContext);
  return <div className="stage-root" ref={setEl} />;
}

export function useStage(): HTMLElement | null {
  return useContext(StageContext).el;
}
